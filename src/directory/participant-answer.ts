import { readEnvelope, describe } from './policy-envelope.js';
import type { ParticipantDecision } from './participant-policy.js';

/** A participant properties answer as a decision, or why it cannot be used. */
export type ParticipantAnswer = ParticipantDecision | { readonly action: 'invalid'; readonly problem: string };

/**
 * Reads a policy server's answer (any JSON) to `GET /policy/v1/participant/properties`. Only
 * `preauthenticated_role` matters to Foyer (`chair` is a host); other properties are ignored.
 * Never throws.
 */
export function readParticipantAnswer(json: unknown): ParticipantAnswer {
  const envelope = readEnvelope(json);
  if (envelope.kind === 'reject') return { action: 'reject' };
  if (envelope.kind === 'continue') return { action: 'continue' };
  if (envelope.kind === 'invalid') return { action: 'invalid', problem: envelope.problem };
  const role = envelope.result.preauthenticated_role;
  if (role === undefined || role === null) return { action: 'continue' };
  if (role === 'chair') return { action: 'continue', role: 'host' };
  if (role === 'guest') return { action: 'continue', role: 'guest' };
  return {
    action: 'invalid',
    problem: `result.preauthenticated_role is ${describe(role)}, not "chair", "guest" or null`,
  };
}
