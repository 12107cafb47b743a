import { Networks } from './networks.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What a blocked source or a scanner's request gets: 403 with no body, or no answer at all. */
export type BlockResponse = 'reject' | 'drop';

/**
 * The rules of abuse resistance: how much is too much, for how long a block lasts, and who is
 * never counted. The numbers are the ones shared/domain.md gives; tests may shrink them.
 */
export interface SecurityPolicy {
  /** The sliding window every counter looks back over. */
  readonly windowMs: number;
  /** More non-empty wrong PINs than this from one source within the window block the source. */
  readonly sourcePinLimit: number;
  /** More non-empty wrong PINs than this for one room within the window block its PIN entry. */
  readonly roomPinLimit: number;
  /** More unknown aliases and invalid reception entries than this from one source block it. */
  readonly scanLimit: number;
  /** A first block's length (rooms: every block's). */
  readonly blockMs: number;
  /** A source blocked again within this time of its last block's end gets twice that block... */
  readonly repeatWindowMs: number;
  /** ...up to this length. */
  readonly maxBlockMs: number;
  /** A correct PIN exempts its source from that room's blocks for this long. */
  readonly exemptionMs: number;
  /** Lower-case parts of User-Agent values that mark a scanner. */
  readonly scannerAgents: readonly string[];
  /** Networks never counted nor blocked. */
  readonly allowList: Networks;
  /** Peers whose callers all share their address (SBCs, trunks): the source comes from `sourceHeader`. */
  readonly trustedProxies: Networks;
  /** Header naming the caller behind a trusted proxy; empty: the caller ID (From user). */
  readonly sourceHeader: string;
  readonly blockResponse: BlockResponse;
}

export const DEFAULT_SCANNER_AGENTS = ['friendly-scanner', 'sipvicious', 'sipcli', 'VaxSIPUserAgent'] as const;

export const DEFAULT_POLICY: SecurityPolicy = {
  windowMs: 10 * MINUTE,
  sourcePinLimit: 10,
  roomPinLimit: 20,
  scanLimit: 20,
  blockMs: 10 * MINUTE,
  repeatWindowMs: DAY,
  maxBlockMs: DAY,
  exemptionMs: 30 * DAY,
  scannerAgents: DEFAULT_SCANNER_AGENTS.map((agent) => agent.toLowerCase()),
  allowList: Networks.none,
  trustedProxies: Networks.none,
  sourceHeader: '',
  blockResponse: 'reject',
};

/** The settings that shape the policy, as an operator writes them. */
export interface SecuritySettings {
  readonly allowList: readonly string[];
  readonly trustedProxies: readonly string[];
  readonly sourceHeader: string;
  readonly scannerUserAgents: readonly string[];
  readonly blockResponse: string;
}

/** The default policy with the operator's networks, header, scanner list and block response. */
export function policyFrom(settings: SecuritySettings): SecurityPolicy {
  if (settings.blockResponse !== 'reject' && settings.blockResponse !== 'drop') {
    throw new Error(
      `FOYER_BLOCK_RESPONSE: "${settings.blockResponse}" must be reject (403 with no body) or drop (no answer)`,
    );
  }
  return {
    ...DEFAULT_POLICY,
    allowList: Networks.parse(settings.allowList, 'FOYER_ALLOW_LIST'),
    trustedProxies: Networks.parse(settings.trustedProxies, 'FOYER_TRUSTED_PROXIES'),
    sourceHeader: settings.sourceHeader.trim(),
    scannerAgents: settings.scannerUserAgents
      .map((agent) => agent.trim().toLowerCase())
      .filter((agent) => agent !== ''),
    blockResponse: settings.blockResponse,
  };
}

/** Whether `userAgent` contains one of the scanner marks (case-insensitive). */
export function isScannerAgent(policy: SecurityPolicy, userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  const agent = userAgent.toLowerCase();
  return policy.scannerAgents.some((mark) => agent.includes(mark));
}
