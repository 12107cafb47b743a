import type { CallerContext, ParticipantPolicy, Role, Room } from '../directory/index.js';
import type { Logger } from '../observability/index.js';
import { deadline, type Clock } from '../time/index.js';

/**
 * One call's side of the participant policy: asked once for the room the caller is about to
 * enter, before its PIN entry. `check` says whether the caller is turned away; `roleFor` then says
 * whether the caller is to be admitted to that room at once, in that role, without a PIN.
 * Without a policy every caller goes through the room's own flow.
 */
export class ParticipantGate {
  private granted: { readonly room: Room; readonly role: Role } | undefined;

  constructor(
    private readonly policy: ParticipantPolicy | undefined,
    private readonly caller: CallerContext,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * Asks the policy about `room` (reached by dialling `dialled`): `reject` when the caller is turned
   * away. Throws when no answer can be had and the deployment refuses calls then.
   */
  async check(room: Room, dialled: string, signal?: AbortSignal): Promise<'reject' | undefined> {
    if (!this.policy) return undefined;
    const decision = await deadline(
      'participant policy',
      this.policy.decide(room, dialled, this.caller, signal),
      this.timeoutMs,
      this.clock,
      signal,
    );
    if (decision.action === 'reject') {
      this.log.info(
        { event: 'participant_rejected', service: room.name },
        'the participant policy turned the caller away',
      );
      return 'reject';
    }
    if (decision.role) {
      this.granted = { room, role: decision.role };
      this.log.info(
        { event: 'participant_preauthenticated', service: room.name, role: decision.role },
        'the participant policy admits the caller without a PIN',
      );
    }
    return undefined;
  }

  /** The role the policy granted in `room` (admit at once, no PIN), if it granted one. */
  roleFor(room: Room): Role | undefined {
    return this.granted?.room === room ? this.granted.role : undefined;
  }
}
