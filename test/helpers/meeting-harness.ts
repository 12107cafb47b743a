import type { InspectionEvent } from 'xstate';
import type { Bundle } from '../../src/bundle/index.js';
import { handleCall, type CallRecord } from '../../src/calls/index.js';
import type { MeetingEvent } from '../../src/meetings/index.js';
import { SimulatedCall, SimulationWorld } from '../../src/simulator/index.js';
import { settle } from '../../src/time/index.js';

interface Caller {
  readonly call: SimulatedCall;
  record: CallRecord | undefined;
  readonly done: Promise<CallRecord>;
}

/**
 * Several callers in one simulated world (clock, meetings, conferences, counters), driven step by
 * step by a test: dial, press keys, hang up, let time pass, look at the meeting events.
 */
export class MeetingHarness {
  readonly world: SimulationWorld;
  readonly events: MeetingEvent[] = [];
  private readonly callers = new Map<string, Caller>();

  constructor(
    bundle: Bundle,
    options: {
      operationTimeoutMs?: number;
      onMeetingFlowState?: (callId: string, state: string) => void;
      inspectRoom?: (event: InspectionEvent) => void;
    } = {},
  ) {
    this.world = new SimulationWorld({ bundle, meetingObserver: (event) => this.events.push(event), ...options });
  }

  get clock() {
    return this.world.clock;
  }

  get resources() {
    return this.world.resources;
  }

  /** A caller dials `to` now; keys are pressed later with `press`. The call runs on `bundle` (the world's by default). */
  dial(id: string, to: string, bundle?: Bundle): SimulatedCall {
    const call = new SimulatedCall(this.clock, {
      callId: id,
      to,
      from: `sip:${id}@example.com`,
      source: '192.0.2.7',
      script: [],
      resources: this.resources,
    });
    const caller: Caller = {
      call,
      record: undefined,
      done: handleCall(call, {
        ...this.world.sessionOptions(undefined),
        usage: this.world.usage,
        ...(bundle && { bundle }),
      }).then((record) => (caller.record = record)),
    };
    this.callers.set(id, caller);
    return call;
  }

  /** The caller presses keys, a quarter of a second apart. */
  async press(id: string, keys: string): Promise<void> {
    for (const key of keys) {
      this.caller(id).call.channel.press(key);
      await this.clock.advance(250);
    }
  }

  /** A caller dials a room, enters its PIN and is admitted (to the conference or its lobby). */
  async admit(id: string, to: string, pin: string, bundle?: Bundle): Promise<void> {
    this.dial(id, to, bundle);
    await this.clock.advance(100);
    await this.press(id, pin);
    await this.until(
      () => this.events.some((event) => event.callId === id && (event.event === 'joined' || event.event === 'lobby')),
      `${id} admitted`,
    );
  }

  hangup(id: string): void {
    this.caller(id).call.channel.callerHangup();
  }

  /** Lets simulated time run until `done()` holds (at most `limitMs` more). */
  async until(done: () => boolean, what: string, limitMs = 3_600_000): Promise<void> {
    await this.clock.runWhile(() => !done(), this.clock.now() + limitMs);
    if (!done()) throw new Error(`never happened: ${what}`);
  }

  /** Lets every call run to its end (time runs until nothing is left to happen). */
  async finish(): Promise<void> {
    await this.clock.runWhile(() => [...this.callers.values()].some((caller) => caller.record === undefined));
    await Promise.all([...this.callers.values()].map((caller) => caller.done));
    await settle();
  }

  record(id: string): CallRecord | undefined {
    return this.caller(id).record;
  }

  ids(): string[] {
    return [...this.callers.keys()];
  }

  /** Callers whose calls have not ended yet. */
  connected(): string[] {
    return this.ids().filter((id) => this.caller(id).call.channel.endedBy === undefined);
  }

  channel(id: string) {
    return this.caller(id).call.channel;
  }

  private caller(id: string): Caller {
    const caller = this.callers.get(id);
    if (!caller) throw new Error(`no caller ${id}`);
    return caller;
  }
}
