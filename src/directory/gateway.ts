import type { Service } from './service.js';

/**
 * A room hosted elsewhere, as a policy server names it (Pexip's `service_type: gateway`): the
 * caller is to be connected onward to `remoteAlias`. Foyer cannot call out yet, so nothing turns
 * this into a service today; calls out (issue #14) will supply a GatewayResolver.
 */
export interface GatewayTarget {
  readonly name: string;
  readonly serviceTag?: string;
  readonly description?: string;
  /** Where the call goes: an alias, possibly with a scheme (`sip:room@platform.example.com`). */
  readonly remoteAlias: string;
  /** `sip`, `h323`, `teams`, ... as Pexip names them; absent when the server gave none. */
  readonly outgoingProtocol?: string;
  /** The alias the far end sees the call come from. */
  readonly localAlias?: string;
  readonly theme?: string;
}

/**
 * Turns a gateway target into the service callers reach, or says why it cannot (a protocol it
 * does not speak). Without one, every gateway answer is a failure ("not supported yet").
 */
export type GatewayResolver = (target: GatewayTarget) => Service | { readonly unsupported: string };
