import { isKeypadKey } from '../flows/index.js';

/** How a key reached Foyer. */
export type DtmfTransport = 'rfc4733' | 'sip_info' | 'inband';

/**
 * Reads the key from a SIP INFO body: `application/dtmf-relay` (`Signal=5`, with 10 and 11 for
 * `*` and `#`) or `application/dtmf` (the key alone). Returns undefined for anything else.
 */
export function keyFromInfo(contentType: string | undefined, body: string | undefined): string | undefined {
  const type = (contentType ?? '').replace(/;.*$/s, '').trim().toLowerCase();
  const text = (body ?? '').trim();
  if (type === 'application/dtmf-relay') {
    const match = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(text);
    const signal = match?.[1];
    return signal === undefined ? undefined : normaliseKey(signal);
  }
  if (type === 'application/dtmf') return normaliseKey(text);
  return undefined;
}

/** `0`-`9`, `*`, `#`, `A`-`D` (any case), and 10/11 for `*`/`#`; undefined for anything else. */
export function normaliseKey(raw: string): string | undefined {
  if (raw === '10') return '*';
  if (raw === '11') return '#';
  const key = raw.toUpperCase();
  return isKeypadKey(key) ? key : undefined;
}

/** FreeSWITCH's DTMF-Source header, as a transport. */
export function transportOfFreeswitchSource(source: string | undefined): DtmfTransport {
  return /inband/i.test(source ?? '') ? 'inband' : 'rfc4733';
}

/**
 * One digit stream from three transports: the first transport that delivers a key becomes the
 * call's DTMF source, and keys from the others are then dropped, so no key counts twice.
 */
export class DtmfArbiter {
  private source: DtmfTransport | undefined;

  /** The key if it should be delivered, undefined if another transport owns the call. */
  accept(transport: DtmfTransport, key: string): string | undefined {
    if (this.source === undefined) this.source = transport;
    return this.source === transport ? key : undefined;
  }

  get transport(): DtmfTransport | undefined {
    return this.source;
  }
}
