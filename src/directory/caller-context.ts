/**
 * Who is calling and why the directory is asked. A services file ignores it; a policy server
 * decides on it (Pexip sends the same facts as `remote_alias`, `remote_address`, `vendor`, ...).
 */
export interface CallerContext {
  /** The caller's URI (the From header's), for example `sip:alice@example.com`. */
  readonly remoteAlias?: string;
  /** The display name of the From header, when it has one. */
  readonly remoteDisplayName?: string;
  /** The address and port the call came from. */
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  /** The caller's User-Agent. */
  readonly vendor?: string;
  /** The call's SIP Call-ID: lets a policy server tie its requests for one call together. */
  readonly callId?: string;
  /** `invite`: the call arriving; `two_stage_dialing`: a number keyed at a reception. */
  readonly trigger?: 'invite' | 'two_stage_dialing';
}
