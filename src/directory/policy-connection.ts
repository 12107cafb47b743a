import type { Logger } from '../observability/index.js';
import { realClock } from '../time/index.js';
import type { Directory } from './directory.js';
import type { ParticipantPolicy } from './participant-policy.js';
import type { ServiceAnswer } from './policy-answer.js';
import { PolicyCache } from './policy-cache.js';
import { PolicyClient, type PolicyClientOptions, type PolicyClientStatus } from './policy-client.js';
import { PolicyDirectory, type PolicyDirectoryOptions } from './policy-directory.js';
import { PolicyFailureLog } from './policy-failure-log.js';
import { PolicyParticipants } from './policy-participants.js';

export interface PolicyOptions extends PolicyClientOptions {
  /** What a failed request means: `local` (default) asks the services file, `reject` refuses the call. */
  readonly fallback?: 'local' | 'reject';
  /** How long answers are kept (`policy.cache`); 0 (default): not at all. */
  readonly cacheMs?: number;
  /** Ask the participant policy before each caller's PIN entry (`policy.participant`). */
  readonly participants?: boolean;
  /** Foyer's version, sent as `version_id`. */
  readonly version?: string;
  readonly logger: Logger;
}

/** What `/health` shows of the policy server. */
export type PolicyStatus = PolicyClientStatus & {
  readonly fallback: 'local' | 'reject';
  readonly participant_policy: boolean;
  readonly cache: { readonly ttl_ms: number; readonly entries: number };
};

/**
 * One policy server as a deployment uses it: the client and its pool, the failure log, the cache
 * and the fallback rule, shared by every directory made from it (one per loaded configuration),
 * so a reload keeps the connections and the cache.
 */
export class PolicyConnection {
  readonly client: PolicyClient;
  readonly failures: PolicyFailureLog;
  readonly cache: PolicyCache<Exclude<ServiceAnswer, { kind: 'invalid' | 'gateway' }>>;
  readonly fallback: 'local' | 'reject';
  readonly version: string;
  private readonly participants: PolicyParticipants | undefined;

  constructor(readonly options: PolicyOptions) {
    this.client = new PolicyClient(options);
    this.fallback = options.fallback ?? 'local';
    this.version = options.version ?? '0';
    this.failures = new PolicyFailureLog(options.logger, this.client.server, this.fallback);
    this.cache = new PolicyCache(options.cacheMs ?? 0, options.clock ?? realClock);
    this.participants = options.participants ? new PolicyParticipants(this) : undefined;
  }

  /** A directory asking this server first, with `local` (the services file) behind it. */
  directory(local: Directory, options: PolicyDirectoryOptions = {}): PolicyDirectory {
    return new PolicyDirectory(this, local, options);
  }

  /** The participant policy, when the deployment asks for it. */
  participantPolicy(): ParticipantPolicy | undefined {
    return this.participants;
  }

  status(): PolicyStatus {
    return {
      ...this.client.status(),
      fallback: this.fallback,
      participant_policy: this.participants !== undefined,
      cache: { ttl_ms: this.options.cacheMs ?? 0, entries: this.cache.size },
    };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
