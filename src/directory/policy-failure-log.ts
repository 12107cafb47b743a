import type { Logger } from '../observability/index.js';
import type { PolicyFailure, PolicyRequestKind } from './policy-failure.js';

/** Distinct problems remembered between two answers; beyond this, new ones are still counted. */
const MAX_REMEMBERED = 200;

/**
 * Logs each policy failure once per cause and problem, not once per call: a server that is down
 * would otherwise write a line for every caller. When answers come back, one line says so and
 * how many requests failed meanwhile. Lines name the server and the problem, never a PIN.
 */
export class PolicyFailureLog {
  private readonly seen = new Set<string>();
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    private readonly server: string,
    private readonly fallback: 'local' | 'reject',
  ) {}

  failed(request: PolicyRequestKind, failure: PolicyFailure, alias?: string): void {
    this.failures++;
    const key = `${request}\u0000${failure.cause}\u0000${failure.problem}`;
    if (this.seen.has(key) || this.seen.size >= MAX_REMEMBERED) return;
    this.seen.add(key);
    const then =
      this.fallback === 'local'
        ? 'using the services file'
        : request === 'service'
          ? 'refusing the call (policy.fallback: reject)'
          : 'refusing the caller (policy.fallback: reject)';
    this.logger.warn(
      {
        event: 'policy_failed',
        server: this.server,
        request,
        cause: failure.cause,
        problem: failure.problem,
        fallback: this.fallback,
        ...(alias !== undefined && { alias }),
      },
      `policy server ${this.server}: ${failure.problem}; ${then} (logged once until the server answers again)`,
    );
  }

  /** An answer that could be used: the next failure is news again. */
  answered(): void {
    if (this.failures === 0) return;
    this.logger.info(
      { event: 'policy_recovered', server: this.server, failures: this.failures },
      `policy server ${this.server} answers again (${this.failures} request(s) failed meanwhile)`,
    );
    this.failures = 0;
    this.seen.clear();
  }
}
