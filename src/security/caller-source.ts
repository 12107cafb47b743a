import { isIP } from 'node:net';
import type { SecurityPolicy } from './policy.js';

/** Who a request counts against: what abuse counters, blocks and exemptions are kept for. */
export interface CallerSource {
  /**
   * The packet's source address; for callers behind a trusted proxy the address its header
   * names, or the caller's identity there (`<caller id>@<proxy address>`).
   */
  readonly id: string;
  /** The packet's source address. */
  readonly address: string;
  /** Whether the request came through a trusted proxy. */
  readonly viaProxy: boolean;
  /** On the allow list: never counted, never blocked. */
  readonly allowed: boolean;
}

/** What a request tells about where it came from. */
export interface SourceRequest {
  /** The packet's source address. */
  readonly address: string;
  /** The caller's URI (From). */
  readonly from?: string;
  header?(name: string): string | undefined;
}

const MAX_ID = 128;

/**
 * The source of a request. From a trusted proxy, every caller shares the proxy's address, so the
 * caller is told apart by the configured header (its first address, as X-Forwarded-For lists
 * them, or the user of its first URI, as in P-Asserted-Identity), else by the caller ID; an
 * identity that is not an address is scoped to the proxy, so it can never stand for a network.
 */
export function resolveSource(request: SourceRequest, policy: SecurityPolicy): CallerSource {
  const address = request.address.replace(/^\[(.*)\]$/, '$1');
  const viaProxy = policy.trustedProxies.contains(address);
  let id = address;
  if (viaProxy) {
    const named =
      (policy.sourceHeader ? identityIn(request.header?.(policy.sourceHeader)) : undefined) ??
      identityIn(request.from) ??
      'unknown';
    id = isIP(named) ? named : `${named}@${address}`;
  }
  const allowed = policy.allowList.contains(address) || (isIP(id) !== 0 && policy.allowList.contains(id));
  return { id, address, viaProxy, allowed };
}

/**
 * The identity a header value carries: for a URI (`"Bob" <sip:+4722@trunk>`, `tel:+4722`) its
 * user part, for a list of addresses (`203.0.113.9, 10.0.0.1`) the first, without a port.
 */
export function identityIn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const first = value.replace(/,.*$/s, '').trim();
  const uri = /<([^>]*)>/.exec(first)?.[1] ?? first;
  const scheme = /^(sips?|tel):([^;?>]*)/i.exec(uri);
  let identity: string;
  if (scheme) {
    const [, kind = '', rest = ''] = scheme;
    identity = kind.toLowerCase() === 'tel' ? rest : rest.includes('@') ? rest.slice(0, rest.indexOf('@')) : '';
  } else {
    identity = addressWithoutPort(uri.replace(/^for=/i, '').replace(/^"|"$/g, ''));
  }
  identity = identity.trim();
  if (identity === '' || identity.length > MAX_ID || !/^[\x21-\x7e]+$/.test(identity)) return undefined;
  return identity;
}

function addressWithoutPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)?.[1];
  if (bracketed !== undefined) return bracketed;
  return /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value)?.[1] ?? value;
}
