import type { InspectionEvent } from 'xstate';
import type { Bundle } from '../bundle/index.js';
import type { SessionOptions } from '../calls/index.js';
import { Meetings, type MeetingObserver, type MeetingSettings } from '../meetings/index.js';
import { MemoryUsageLog, Resources, silentLogger, type Logger, type UsageLog } from '../observability/index.js';
import type { Voice } from '../prompts/index.js';
import {
  AbuseGuard,
  DEFAULT_POLICY,
  MemoryAbuseStore,
  type SecurityEvent,
  type SecurityPolicy,
} from '../security/index.js';
import { SimulatedClock, type Clock } from '../time/index.js';
import { waitingForRealServers } from './real-servers.js';
import { SimulatedBridge } from './simulated-bridge.js';
import { DEFAULT_TARGET_SCRIPT, SimulatedTransfer, type TargetScript } from './simulated-transfer.js';

/** Simulated time starts at this wall-clock instant, so usage records have real-looking times. */
export const SIMULATION_EPOCH = Date.UTC(2026, 0, 1);

export interface WorldOptions {
  readonly bundle: Bundle;
  readonly logger?: Logger;
  readonly voice?: Partial<Voice>;
  readonly meetingSettings?: MeetingSettings;
  /** Told each state a participant's meeting flow enters (call id, dotted state). */
  readonly onMeetingFlowState?: (callId: string, state: string) => void;
  /** Sees every step of every room flow (for tests). */
  readonly inspectRoom?: (event: InspectionEvent) => void;
  /** Where usage records go, given the simulated wall clock; kept in memory by default. */
  readonly usage?: (now: () => Date) => UsageLog;
  readonly meetingObserver?: MeetingObserver;
  /** Where the world's calls and meetings are counted; its own counters by default. */
  readonly resources?: Resources;
  /** Longest a media or conference operation may take (beyond what it plays); 10 s by default. */
  readonly operationTimeoutMs?: number;
  /** Abuse resistance's rules (the defaults when absent); blocks live in this world's memory. */
  readonly securityPolicy?: SecurityPolicy;
  readonly securityObserver?: (event: SecurityEvent) => void;
  /** How rooms hosted elsewhere answer each call's transfer (a target that answers after 2 s by default). */
  readonly targetScript?: (callId: string) => TargetScript | undefined;
}

/** One simulated deployment: a clock, a media server with conferences, the meeting rules and abuse resistance. */
export class SimulationWorld {
  readonly clock = new SimulatedClock();
  readonly resources: Resources;
  readonly bridge: SimulatedBridge;
  readonly meetings: Meetings;
  readonly usage: UsageLog;
  readonly guard: AbuseGuard;
  /** Transfers to rooms hosted elsewhere, on the simulated clock. */
  readonly transfer: SimulatedTransfer;
  /** The bundle calls run with: the options', waiting in simulated time for any real server behind it. */
  readonly bundle: Bundle;
  private instanceCounter = 0;

  constructor(private readonly options: WorldOptions) {
    const now = () => new Date(SIMULATION_EPOCH + this.clock.now());
    this.bundle = waitingForRealServers(options.bundle, this.clock);
    this.resources = options.resources ?? new Resources();
    this.bridge = new SimulatedBridge(this.resources);
    this.transfer = new SimulatedTransfer(
      this.clock,
      this.resources,
      (callId) => options.targetScript?.(callId) ?? DEFAULT_TARGET_SCRIPT,
    );
    this.usage = options.usage ? options.usage(now) : new MemoryUsageLog(now);
    this.meetings = new Meetings({
      bridge: this.bridge,
      clock: this.clock,
      usage: this.usage,
      logger: options.logger ?? silentLogger,
      instanceIds: () => String(++this.instanceCounter),
      resources: this.resources,
      ...(options.operationTimeoutMs !== undefined && { operationTimeoutMs: options.operationTimeoutMs }),
      ...(options.meetingSettings && { settings: options.meetingSettings }),
      meetingFlow: (room) => this.bundle.flows.meetingFlowFor(room),
      roomFlow: (room) => this.bundle.flows.roomFlowFor(room),
      ...(options.onMeetingFlowState && { onFlowState: options.onMeetingFlowState }),
      ...(options.inspectRoom && { inspectRoom: options.inspectRoom }),
      ...(options.meetingObserver && { observer: options.meetingObserver }),
    });
    // Blocks are wall-clock times (as shared stores keep them): the simulated clock from its epoch.
    const wall: Clock = {
      now: () => SIMULATION_EPOCH + this.clock.now(),
      setTimeout: (callback, ms) => this.clock.setTimeout(callback, ms),
      clearTimeout: (handle) => this.clock.clearTimeout(handle),
    };
    this.guard = new AbuseGuard({
      store: new MemoryAbuseStore(),
      policy: options.securityPolicy ?? DEFAULT_POLICY,
      clock: wall,
      logger: options.logger ?? silentLogger,
      usage: this.usage,
      ...(options.securityObserver && { observer: options.securityObserver }),
    });
  }

  /** What every call in this world runs with. */
  sessionOptions(observer: SessionOptions['observer']): SessionOptions {
    return {
      bundle: this.bundle,
      clock: this.clock,
      logger: this.options.logger ?? silentLogger,
      admit: (request) => this.meetings.admit(request),
      transfer: this.transfer,
      resources: this.resources,
      ...(this.options.operationTimeoutMs !== undefined && { mediaTimeoutMs: this.options.operationTimeoutMs }),
      guard: this.guard,
      ...(observer && { observer }),
      ...(this.options.voice && { voice: this.options.voice }),
    };
  }
}
