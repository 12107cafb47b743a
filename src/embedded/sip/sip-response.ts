import { randomBytes } from 'node:crypto';
import { SipMessage } from './sip-message.js';

/** Reason phrases Foyer sends. */
const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export interface ResponseOptions {
  /** Tag for the To header when the request's To has none (a dialog's local tag). */
  readonly toTag?: string;
  readonly headers?: readonly [string, string][];
  readonly body?: string;
}

/** The product name in Server and User-Agent headers. */
export const PRODUCT = 'Foyer embedded';

/** A response to `request` (RFC 3261 8.2.6): Via, From, To, Call-ID and CSeq copied, To tagged. */
export function responseTo(request: SipMessage, status: number, options: ResponseOptions = {}): SipMessage {
  let to = request.get('to') ?? '';
  if (status > 100 && options.toTag && request.toTag === undefined) to = `${to};tag=${options.toTag}`;
  const headers: [string, string][] = [
    ['Via', request.get('via') ?? ''],
    ['From', request.get('from') ?? ''],
    ['To', to],
    ['Call-ID', request.callId],
    ['CSeq', request.get('cseq') ?? ''],
    ['Server', PRODUCT],
    ...(options.headers ?? []),
  ];
  return SipMessage.response(status, REASONS[status] ?? 'Unknown', headers, options.body ?? '');
}

/** A random token for tags, branches and Call-IDs. */
export function token(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** A transaction id for a request Foyer sends (RFC 3261's magic cookie first). */
export function newBranch(): string {
  return `z9hG4bK${token(10)}`;
}
