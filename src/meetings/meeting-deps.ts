import type { InspectionEvent } from 'xstate';
import type { Room } from '../directory/index.js';
import type { Flow } from '../flows/index.js';
import type { Logger, Resources, UsageLog } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import type { GuardedConference } from './guarded-conference.js';
import type { MeetingObserver } from './meeting-events.js';

/** What one conference instance needs: its room, its conference, its flows and where it reports. */
export interface MeetingDeps {
  readonly room: Room;
  readonly instanceId: string;
  /** The call whose admission started the instance. */
  readonly startedBy: string;
  readonly conference: GuardedConference;
  readonly clock: Clock;
  /** Where participants and timers are counted: a caller's under its call id, the meeting's own under `meeting:<instance>`. */
  readonly resources: Resources;
  /** Longest a media operation on a caller's channel may take beyond its own length. */
  readonly operationTimeoutMs: number;
  /** The meeting flow each participant runs. */
  readonly flow: Flow;
  /** The room flow the instance runs: what its participants share. */
  readonly roomFlow: Flow;
  /** What wins over the flow's settings of the same name (the operator's, then the room's own). */
  readonly overrides: Readonly<Record<string, number | boolean>>;
  readonly usage: UsageLog;
  readonly logger: Logger;
  readonly observer?: MeetingObserver;
  /** Told each state a participant's flow enters. */
  readonly onFlowState?: (callId: string, state: string) => void;
  /** Sees every step of the room flow (for tests). */
  readonly inspectRoom?: (event: InspectionEvent) => void;
  /** Called once, when the last participant has left. */
  readonly onEnded: () => void;
}
