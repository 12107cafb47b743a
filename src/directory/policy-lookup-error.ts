import type { PolicyFailure } from './policy-failure.js';

/**
 * The policy server gave no usable answer and the deployment refuses calls then
 * (`policy.fallback: reject`): the call is refused as `lookup_failed` (503). The message names
 * the server and the problem, never a PIN.
 */
export class PolicyLookupError extends Error {
  readonly policyCause: PolicyFailure['cause'];

  constructor(server: string, failure: PolicyFailure) {
    super(`policy server ${server}: ${failure.problem} (policy.fallback is reject: the call is refused)`);
    this.name = 'PolicyLookupError';
    this.policyCause = failure.cause;
  }
}
