import { createRequire } from 'node:module';

/** A parsed name-address (`"Alice" <sip:alice@host>;tag=1`): drachtio-srf's shape. */
export interface NameAddress {
  readonly name?: string;
  readonly uri: string;
  readonly params: Readonly<Record<string, string | undefined>>;
}

/** A parsed SIP URI: drachtio-srf's shape (undefined parts are absent from the text). */
export interface ParsedUri {
  readonly scheme: string;
  readonly user?: string;
  readonly host?: string;
  readonly port: number;
  readonly params: Readonly<Record<string, string | null>>;
}

interface RawMessage {
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: Record<string, string>;
  body?: string;
}

interface ParserModule {
  parseSipMessage(text: string, lazy: boolean): RawMessage | undefined;
  parseUri(uri: string): ParsedUri | undefined;
  getParser(header: string): (data: { s: string; i: number }) => unknown;
}

/**
 * drachtio-srf's SIP message parser (lib/sip-parser, a maintained descendant of the `sip`
 * package's parser), confined here: it ships no typings for it, and it throws TypeErrors on some
 * malformed headers, so every call is guarded and answered with undefined.
 */
const parser = createRequire(import.meta.url)('drachtio-srf/lib/sip-parser/parser.js') as ParserModule;

/** Start line and headers (names in lower case, repeated headers joined with commas) and body. */
export function parseRaw(text: string): RawMessage | undefined {
  try {
    return parser.parseSipMessage(text, true);
  } catch {
    return undefined;
  }
}

export function parseUri(uri: string): ParsedUri | undefined {
  try {
    const parsed = parser.parseUri(uri);
    return parsed && typeof parsed.scheme === 'string' && /^sips?$/i.test(parsed.scheme) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A To, From or Contact value; undefined when it cannot be read. */
export function parseNameAddress(value: string): NameAddress | undefined {
  try {
    const parsed = parser.getParser('to')({ s: value, i: 0 }) as NameAddress | undefined;
    return parsed && typeof parsed.uri === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
