import type { CallerContext } from './caller-context.js';
import type { ParticipantDecision, ParticipantPolicy } from './participant-policy.js';
import { readParticipantAnswer } from './participant-answer.js';
import type { PolicyConnection } from './policy-connection.js';
import type { PolicyFailure } from './policy-failure.js';
import { PolicyLookupError } from './policy-lookup-error.js';
import { participantQuery, policyAlias } from './policy-query.js';
import type { Room } from './service.js';

/**
 * Pexip's participant properties request, asked before a caller's PIN entry. A failure changes
 * nothing for the caller (the room's PIN rules apply, as Pexip's default behaviour would), unless
 * the deployment refuses calls when its policy server fails (`policy.fallback: reject`).
 */
export class PolicyParticipants implements ParticipantPolicy {
  constructor(private readonly connection: PolicyConnection) {}

  async decide(room: Room, dialled: string, caller: CallerContext, signal?: AbortSignal): Promise<ParticipantDecision> {
    const { client, version } = this.connection;
    const reply = await client.ask(
      'participant',
      participantQuery(room, policyAlias(dialled), caller, version),
      signal,
    );
    if (!reply.ok) return this.failed(reply.failure);
    const answer = readParticipantAnswer(reply.json);
    if (answer.action === 'invalid') return this.failed({ cause: 'invalid_answer', problem: answer.problem });
    this.connection.failures.answered();
    return answer;
  }

  private failed(failure: PolicyFailure): ParticipantDecision {
    this.connection.failures.failed('participant', failure);
    if (this.connection.fallback === 'reject') throw new PolicyLookupError(this.connection.client.server, failure);
    return { action: 'continue' };
  }
}
