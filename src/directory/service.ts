import type { Target } from './target.js';

/** What a caller becomes once admitted to a room. */
export type Role = 'host' | 'guest';

export type ServiceType = 'vmr' | 'auditorium' | 'reception';

interface ServiceBase {
  /** Unique name, as an operator wrote it. */
  readonly name: string;
  readonly type: ServiceType;
  readonly aliases: readonly string[];
  readonly serviceTag?: string;
  /** What the service is, for people (a policy server may give one). */
  readonly description?: string;
  /** Prompt theme; the configured default when absent. */
  readonly theme?: string;
  /** Prompt language, for example `en-US`; the configured default when absent. */
  readonly language?: string;
  /** Name of the flow (a file in `flows/`) that runs for callers of this service. */
  readonly flow?: string;
}

/** A Virtual Meeting Room or Virtual Auditorium: a place callers meet. */
export interface Room extends ServiceBase {
  readonly type: 'vmr' | 'auditorium';
  readonly hostPin?: string;
  readonly guestPin?: string;
  readonly allowGuests: boolean;
  readonly participantLimit?: number;
  /** Seconds a guest waits for a host before being disconnected; the config default when absent. */
  readonly waitingForHostTimeout?: number;
  /** Seconds guests stay after the last host leaves (0: at once); the config default when absent. */
  readonly guestsOnlyTimeout?: number;
  /** Name of the meeting flow (a file in `flows/`) its admitted callers run; `meeting` when absent. */
  readonly meetingFlow?: string;
  /** Name of the room flow (a file in `flows/`) its conference instances run; `room` when absent. */
  readonly roomFlow?: string;
  /** Whether a new conference instance starts locked (guests wait until a host unlocks it). */
  readonly locked?: boolean;
  /** Where the room is hosted when not here: admitted callers are transferred there. */
  readonly target?: Target;
}

/** A Virtual Reception: callers key in the number of the room they want. */
export interface Reception extends ServiceBase {
  readonly type: 'reception';
  /** Applied to the entered number before lookup; an entry that does not match is invalid. */
  readonly match?: RegExp;
  /** Replacement (`$1`...) applied after `match`. */
  readonly replace?: string;
  /**
   * A second rewrite after `match`/`replace` (Pexip's post-lookup `post_match_string`): the
   * rewritten entry must match it, and `postReplace` then rewrites it again.
   */
  readonly postMatch?: RegExp;
  readonly postReplace?: string;
}

export type Service = Room | Reception;

export function isRoom(service: Service): service is Room {
  return service.type !== 'reception';
}

/** The meeting flow a room's participants run when it names none. */
export const DEFAULT_MEETING_FLOW = 'meeting';

/** The flow that transfers callers admitted to a room hosted elsewhere (a room with a target). */
export const TRANSFER_FLOW = 'transfer';

/** The room flow a room's conference instances run when it names none. */
export const DEFAULT_ROOM_FLOW = 'room';

/** The flow a service runs when it names none. */
export function defaultFlowFor(service: Service): string {
  return service.type === 'reception' ? 'virtual-reception' : 'pin-entry';
}
