import type { CallerContext } from './caller-context.js';
import type { Role, Room } from './service.js';

/**
 * What a participant policy says about a caller about to enter a room: `reject` ends the call
 * as a blocked source's would end; `continue` lets the room's flow run, or, with a `role`, admits
 * the caller in that role at once without asking a PIN (a trusted endpoint).
 */
export type ParticipantDecision = { readonly action: 'continue'; readonly role?: Role } | { readonly action: 'reject' };

/**
 * Asked once per call for the room the caller is about to enter, before its PIN entry (Pexip's
 * participant properties request). Throws when no answer can be had and the deployment refuses
 * calls then (`policy.fallback: reject`); otherwise a failure is `continue` with no role.
 */
export interface ParticipantPolicy {
  decide(room: Room, dialled: string, caller: CallerContext, signal?: AbortSignal): Promise<ParticipantDecision>;
}
