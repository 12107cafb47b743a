import type { TransferAttempt } from '../calls/index.js';
import type { Clock } from '../time/index.js';
import type { SipDialog, SipRequest, SipResponse } from './library-types.js';

/** What a REFER to the caller says. */
export interface ReferOptions {
  /** Where the caller is to call: the target's URI (templates filled). */
  readonly target: string;
  /** Sent as URI headers of Refer-To (`?X-Foyer-Role=host`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Who refers: Foyer's own URI, as the caller dialled it. */
  readonly referredBy: string;
  /** Longest wait for the NOTIFY that ends the transfer (the target's ring timeout). */
  readonly timeoutMs: number;
}

/** The Refer-To header: the target with its headers as URI headers (RFC 3261 19.1.1). */
export function referTo(target: string, headers: Readonly<Record<string, string>>): string {
  const query = Object.entries(headers)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `<${target}${query ? `?${query}` : ''}>`;
}

/** The status line of a NOTIFY's message/sipfrag body (`SIP/2.0 200 OK`); undefined when it has none. */
export function sipfragStatus(body: string | undefined): number | undefined {
  const match = /^SIP\/2\.0\s+(\d{3})/.exec(body?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Sends REFER (RFC 3515) to the caller in `dialog` and follows the NOTIFYs of its implicit
 * subscription: `referred` on a sipfrag with 2xx, `rejected` (with the status) on a REFER refused
 * or a final failure in a NOTIFY, `no_answer` when no final NOTIFY comes within `timeoutMs`,
 * `caller_gone` when `signal` aborts or the caller hangs up. Every NOTIFY is answered 200. Never
 * rejects: a REFER that cannot be sent is `rejected` without a status.
 */
export function refer(
  dialog: SipDialog,
  options: ReferOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<TransferAttempt> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (attempt: TransferAttempt) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      dialog.off('notify', onNotify);
      dialog.off('destroy', onGone);
      signal.removeEventListener('abort', onGone);
      resolve(attempt);
    };
    const onNotify = (req: SipRequest, res: SipResponse) => {
      res.send(200);
      const status = sipfragStatus(req.body);
      if (status === undefined || status < 200) return;
      finish(status < 300 ? { result: 'referred', status } : { result: 'rejected', status });
    };
    const onGone = () => finish({ result: 'caller_gone' });
    const timer = clock.setTimeout(() => finish({ result: 'no_answer' }), options.timeoutMs);
    if (signal.aborted) {
      onGone();
      return;
    }
    signal.addEventListener('abort', onGone, { once: true });
    dialog.on('notify', onNotify);
    dialog.on('destroy', onGone);
    dialog
      .request({
        method: 'REFER',
        headers: { 'Refer-To': referTo(options.target, options.headers), 'Referred-By': `<${options.referredBy}>` },
      })
      .then(
        (response) => {
          const status = (response as { status?: number } | undefined)?.status;
          if (status !== undefined && status >= 300) finish({ result: 'rejected', status });
        },
        () => finish({ result: 'rejected' }),
      );
  });
}
