import { randomBytes } from 'node:crypto';
import type { InspectionEvent } from 'xstate';
import { roomSlug, type Admission, type AdmitRequest } from '../calls/index.js';
import type { Room } from '../directory/index.js';
import type { Flow } from '../flows/index.js';
import {
  noUsageLog,
  processResources,
  silentLogger,
  type Logger,
  type UsageLog,
  type Resources,
} from '../observability/index.js';
import { deadline, type Clock } from '../time/index.js';
import type { ConferenceBridge } from './bridge.js';
import { GuardedConference } from './guarded-conference.js';
import { Meeting } from './meeting.js';
import type { MeetingObserver } from './meeting-events.js';
import { overridesFor, type MeetingSettings } from './meeting-settings.js';
import { shippedMeetingFlow, shippedRoomFlow } from './shipped-meeting-flow.js';

export interface MeetingsOptions {
  readonly bridge: ConferenceBridge;
  readonly clock: Clock;
  /** The operator's values over the meeting flow's settings (a room's own timeouts win over both). */
  readonly settings?: MeetingSettings;
  /** The meeting flow a room's participants run (the bundle's); the shipped `meeting` flow when none. */
  readonly meetingFlow?: (room: Room) => Flow | undefined;
  /** The room flow a room's conference instances run (the bundle's); the shipped `room` flow when none. */
  readonly roomFlow?: (room: Room) => Flow | undefined;
  /** Told each state a participant's meeting flow enters (dotted: `lobby.reminding.music`), for tests and tools. */
  readonly onFlowState?: (callId: string, state: string) => void;
  /** Sees every step of every room flow (for tests). */
  readonly inspectRoom?: (event: InspectionEvent) => void;
  readonly usage?: UsageLog;
  readonly logger?: Logger;
  readonly observer?: MeetingObserver;
  /** Makes instance ids; unique per process by default. */
  readonly instanceIds?: () => string;
  /** Where participants and meeting timers are counted; the process's counters by default. */
  readonly resources?: Resources;
  /**
   * Longest any conference or media operation may take (beyond the length of what it plays;
   * default 10 s). One that takes longer is given up: a caller who cannot be joined is
   * disconnected, a prompt that never ends is cut.
   */
  readonly operationTimeoutMs?: number;
}

const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;

/**
 * Every running conference instance, one per room: created when the first caller is admitted,
 * forgotten when the last one leaves. Its `admit` is what the call session calls.
 */
export class Meetings {
  private readonly instances = new Map<string, Meeting>();
  private readonly starting = new Map<string, Promise<Meeting>>();
  private readonly nextId: () => string;

  constructor(private readonly options: MeetingsOptions) {
    this.nextId = options.instanceIds ?? processInstanceIds();
  }

  /** Running instances (for health and tests). */
  get count(): number {
    return this.instances.size;
  }

  /** Participants in every instance, lobby included. */
  get participants(): number {
    let total = 0;
    for (const meeting of this.instances.values()) total += meeting.size;
    return total;
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    const meeting = await this.instanceFor(request.room, request.callId);
    return meeting.admit(request);
  }

  private async instanceFor(room: Room, callId: string): Promise<Meeting> {
    const running = this.instances.get(room.name);
    if (running && !running.isEnded) return running;
    const starting = this.starting.get(room.name);
    if (starting) return starting;
    const start = this.start(room, callId).finally(() => this.starting.delete(room.name));
    this.starting.set(room.name, start);
    return start;
  }

  private async start(room: Room, startedBy: string): Promise<Meeting> {
    const instanceId = this.nextId();
    const name = `foyer-${roomSlug(room)}-${instanceId}`;
    const timeoutMs = this.options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    const created = await deadline(`creating ${name}`, this.options.bridge.create(name), timeoutMs, this.options.clock);
    const conference = new GuardedConference(created, this.options.clock, timeoutMs);
    const meeting: Meeting = new Meeting({
      room,
      instanceId,
      startedBy,
      conference,
      clock: this.options.clock,
      resources: this.options.resources ?? processResources,
      operationTimeoutMs: timeoutMs,
      flow: this.options.meetingFlow?.(room) ?? shippedMeetingFlow(),
      roomFlow: this.options.roomFlow?.(room) ?? shippedRoomFlow(),
      overrides: overridesFor(room, this.options.settings),
      usage: this.options.usage ?? noUsageLog,
      logger: this.options.logger ?? silentLogger,
      ...(this.options.observer && { observer: this.options.observer }),
      ...(this.options.onFlowState && { onFlowState: this.options.onFlowState }),
      ...(this.options.inspectRoom && { inspectRoom: this.options.inspectRoom }),
      onEnded: () => {
        if (this.instances.get(room.name) === meeting) this.instances.delete(room.name);
      },
    });
    this.instances.set(room.name, meeting);
    return meeting;
  }
}

function processInstanceIds(): () => string {
  const prefix = randomBytes(3).toString('hex');
  let counter = 0;
  return () => `${prefix}${(++counter).toString(36)}`;
}
