import { describe, expect, it, vi } from 'vitest';
import {
  CallerGoneError,
  handleCall,
  type CallChannel,
  type CallEvent,
  type CallRecord,
  type InboundCall,
  type RejectReason,
} from '../../src/calls/index.js';
import { callLifecycle } from '../../src/calls/call-lifecycle.js';
import type { ParticipantPolicy, Room } from '../../src/directory/index.js';
import { SimulationWorld } from '../../src/simulator/index.js';
import { settle } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';
import { capturedLogger } from '../helpers/captured-log.js';
import { GatedDirectory } from '../helpers/gated-directory.js';
import { StuckChannel, type StuckOperation } from '../helpers/stuck-channel.js';

const bundle = testBundle();

/** A step of the call that waits until the test lets it finish. */
class Held {
  private release: (() => void) | undefined;
  readonly promise = new Promise<void>((resolve) => (this.release = resolve));
  waiting = false;

  async wait(): Promise<void> {
    this.waiting = true;
    await this.promise;
  }

  finish(): void {
    this.release?.();
  }
}

/** An incoming call whose answer and refusal the test may hold, and whose caller may give up (CANCEL) before the answer. */
class HeldCall implements InboundCall {
  readonly callId = 'caller';
  readonly from = 'sip:caller@example.com';
  readonly source = '192.0.2.50';
  readonly channel: StuckChannel;
  readonly answering = new Held();
  readonly rejecting = new Held();
  holdAnswer = false;
  holdReject = false;
  cancelled = false;
  answered = false;
  rejected: RejectReason | undefined;

  constructor(
    readonly to: string,
    world: SimulationWorld,
    stuck: readonly StuckOperation[],
  ) {
    this.channel = new StuckChannel(this.callId, world.clock, world.resources, new Set(stuck));
  }

  async answer(): Promise<CallChannel> {
    if (this.holdAnswer) await this.answering.wait();
    if (this.cancelled) throw new CallerGoneError();
    this.answered = true;
    this.channel.open();
    return this.channel;
  }

  async reject(reason: RejectReason): Promise<void> {
    this.rejected = reason;
    if (this.holdReject) await this.rejecting.wait();
  }
}

interface Setup {
  readonly to?: string;
  readonly stuck?: readonly StuckOperation[];
  /** A participant policy whose answer (continue) the test holds. */
  readonly heldPolicy?: boolean;
  /** The abuse guard's step the test holds. */
  readonly heldGuard?: 'screen' | 'gate';
  readonly gatedDirectory?: boolean;
}

/** One call through a simulated world (meetings, abuse guard), its lifecycle traced at debug. */
function callWorld(setup: Setup = {}) {
  const log = capturedLogger();
  const directory = new GatedDirectory(bundle.directory);
  if (setup.gatedDirectory) directory.gate();
  const policy = new Held();
  const participants: ParticipantPolicy = {
    decide: async () => {
      await policy.wait();
      return { action: 'continue' };
    },
  };
  const world = new SimulationWorld({
    bundle: { ...bundle, directory, ...(setup.heldPolicy && { participants }) },
    logger: log.logger,
  });
  const guard = setup.heldGuard ? holdGuard(world, setup.heldGuard) : new Held();
  const call = new HeldCall(setup.to ?? '1002', world, setup.stuck ?? []);
  const events: CallEvent[] = [];
  let record: CallRecord | undefined;
  const done = handleCall(call, { ...world.sessionOptions((event) => events.push(event)), usage: world.usage }).then(
    (result) => (record = result),
  );
  const lifecycle = () =>
    log
      .lines()
      .filter((line) => line.event === 'call_lifecycle')
      .map((line) => line.state as string);
  const press = async (keys: string) => {
    for (const key of keys) {
      call.channel.press(key);
      await settle();
    }
  };
  const finish = async () => {
    await world.clock.runWhile(() => record === undefined);
    await done;
    return record!;
  };
  return { world, call, directory, policy, guard, events, lifecycle, press, finish, ended: () => record };
}

type World = ReturnType<typeof callWorld>;

function expectNothingLeft({ world, call }: World) {
  expect(world.resources.holders(), 'what anyone still holds').toEqual({});
  expect(world.clock.pending, 'timers left').toBe(0);
  expect(call.channel.listenerCount, 'channel listeners left').toBe(0);
  expect(world.meetings.count, 'meetings left').toBe(0);
}

/** Holds the guard's `method` until the returned step is finished. */
function holdGuard(world: SimulationWorld, method: 'screen' | 'gate'): Held {
  const held = new Held();
  const guard = world.guard;
  const original = guard[method].bind(guard) as (...args: unknown[]) => Promise<unknown>;
  vi.spyOn(guard, method).mockImplementation((async (...args: unknown[]) => {
    await held.wait();
    return original(...args);
  }) as never);
  return held;
}

const inMeeting = async (w: World) => {
  await w.world.clock.advance(2_000);
  await w.press('1234#');
  await w.world.clock.advance(1_000);
  expect(w.events.filter((event) => event.type === 'end')).toMatchObject([{ outcome: 'joined', role: 'host' }]);
};

interface Situation {
  /** The lifecycle state the call is in when the caller leaves. */
  readonly state: string;
  readonly name: string;
  readonly setup?: Setup;
  /** Brings the call to the state; returns what lets the step it waits for finish, if anything waits. */
  reach(w: World): Promise<(() => void) | undefined>;
  /** How the call ends when the caller hangs up there (before the answer: gives up, as with a CANCEL). */
  readonly hangup: Partial<CallRecord>;
  /** How the call ends when the channel fails there; none before the call is answered (there is no channel). */
  readonly failure?: Partial<CallRecord>;
}

const SITUATIONS: Situation[] = [
  {
    state: 'screening',
    name: 'the abuse guard is screening the caller',
    setup: { heldGuard: 'screen' },
    reach: async (w) => {
      await settle();
      expect(w.guard.waiting).toBe(true);
      return () => w.guard.finish();
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', admitted: false, service: 'Host only' },
  },
  {
    state: 'lookup',
    name: 'the directory is looking up the alias',
    setup: { gatedDirectory: true },
    reach: async (w) => {
      await settle();
      expect(w.directory.waiting).toBe(1);
      return () => void w.directory.release();
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Host only' },
  },
  {
    state: 'reaching',
    name: 'the abuse guard is checking the room for the caller',
    setup: { heldGuard: 'gate' },
    reach: async (w) => {
      await settle();
      expect(w.guard.waiting).toBe(true);
      return () => w.guard.finish();
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Host only' },
  },
  {
    state: 'askingPolicy',
    name: 'the participant policy is being asked',
    setup: { heldPolicy: true },
    reach: async (w) => {
      await settle();
      expect(w.policy.waiting).toBe(true);
      return () => w.policy.finish();
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Host only' },
  },
  {
    state: 'rejecting',
    name: 'an unknown alias is being refused',
    setup: { to: '9999' },
    reach: async (w) => {
      w.call.holdReject = true;
      await settle();
      expect(w.call.rejecting.waiting).toBe(true);
      return () => w.call.rejecting.finish();
    },
    hangup: { outcome: 'rejected', reason: 'unknown_alias', service: null },
  },
  {
    state: 'answering',
    name: 'the call is being answered',
    reach: async (w) => {
      w.call.holdAnswer = true;
      await settle();
      expect(w.call.answering.waiting).toBe(true);
      return () => w.call.answering.finish();
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Host only' },
  },
  {
    state: 'inFlow',
    name: "a reception's flow asks for the room number",
    setup: { to: '8000' },
    reach: async (w) => {
      await w.world.clock.advance(3_000);
      expect(w.call.channel.playing).toBe(true);
      return undefined;
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Reception', via: null },
    failure: { outcome: 'disconnected', reason: 'media_failure', service: 'Reception' },
  },
  {
    state: 'inFlow',
    name: "after the hand-off, the room's flow asks for the PIN",
    setup: { to: '8000' },
    reach: async (w) => {
      await w.world.clock.advance(2_500);
      await w.press('1002#');
      await w.world.clock.advance(5_000);
      expect(w.events).toContainEqual({ type: 'state', flow: 'pin-entry', state: 'prompting' });
      return undefined;
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', service: 'Host only', via: 'Reception' },
    failure: { outcome: 'disconnected', reason: 'media_failure', service: 'Host only', via: 'Reception' },
  },
  {
    state: 'admitting',
    name: 'the join is pending',
    setup: { stuck: ['join'] },
    reach: async (w) => {
      await w.world.clock.advance(2_000);
      await w.press('1234#');
      await w.world.clock.advance(1_000);
      expect(w.call.channel.stuckCalls.join).toBe(1);
      return undefined;
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', admitted: true, role: 'host' },
    failure: { outcome: 'disconnected', reason: 'media_failure', admitted: true, role: 'host' },
  },
  {
    state: 'hangingUp',
    name: 'Foyer is hanging up after three wrong PINs, and the media server does not answer',
    setup: { stuck: ['hangup'] },
    reach: async (w) => {
      await w.world.clock.advance(2_000);
      await w.press('1111#2222#3333#');
      await w.world.clock.runWhile(() => w.call.channel.stuckCalls.hangup === 0);
      expect(w.call.channel.stuckCalls.hangup).toBe(1);
      return undefined;
    },
    hangup: { outcome: 'disconnected', reason: 'pin_invalid', admitted: false },
    failure: { outcome: 'disconnected', reason: 'pin_invalid', admitted: false },
  },
  {
    state: 'ended',
    name: 'the caller is in the meeting',
    reach: async (w) => {
      await inMeeting(w);
      return undefined;
    },
    hangup: { outcome: 'hangup', reason: 'caller_hangup', admitted: true, role: 'host' },
    failure: { outcome: 'disconnected', reason: 'media_failure', admitted: true, role: 'host' },
  },
];

/** States the call passes through without waiting (a decision, not a step). */
const PASSING = ['arrived', 'found', 'handOff'];

describe('the call lifecycle', () => {
  it('every state the call can wait in is covered below', () => {
    const covered = new Set([...SITUATIONS.map((situation) => situation.state), ...PASSING]);
    expect([...covered].sort()).toEqual(Object.keys(callLifecycle.states).sort());
  });

  describe.each(SITUATIONS)('the caller hangs up while $name ($state)', (situation) => {
    it('ends as the caller would expect, and leaves nothing behind', async () => {
      const w = callWorld(situation.setup);
      const release = await situation.reach(w);
      expect(w.lifecycle().at(-1)).toMatch(new RegExp(`^${situation.state}`));
      if (w.call.answered) w.call.channel.callerHangup();
      else w.call.cancelled = true;
      release?.();
      expect(await w.finish()).toMatchObject(situation.hangup);
      expectNothingLeft(w);
    });
  });

  describe.each(SITUATIONS.filter((situation) => situation.failure))(
    'the channel fails while $name ($state)',
    (situation) => {
      it('ends as disconnected (media_failure) unless already decided, and leaves nothing behind', async () => {
        const w = callWorld(situation.setup);
        await situation.reach(w);
        w.call.channel.fail(new Error('the media server went away'));
        expect(await w.finish()).toMatchObject(situation.failure!);
        expectNothingLeft(w);
      });
    },
  );

  it('a block placed on the caller while in the PIN entry applies from the next key; the call ends source_blocked', async () => {
    const w = callWorld();
    await w.world.clock.advance(3_000);
    expect(w.lifecycle().at(-1)).toBe('inFlow');
    // Eleven wrong PINs from the caller's address on another line: the source is blocked.
    const other = (await bundle.directory.lookup('1001')) as Room;
    const source = w.world.guard.sourceOf({ address: w.call.source });
    for (let i = 0; i < 11; i++)
      await w.world.guard.pinJudged(other, source, { good: false, empty: false, refused: false }, `other${i}`);
    await w.press('1234#');
    await w.world.clock.advance(5_000);
    await w.press('1234#');
    await w.world.clock.advance(5_000);
    await w.press('1234#');
    const record = await w.finish();
    expect(w.events.filter((event) => event.type === 'pin_attempt')).toEqual(
      Array.from({ length: 3 }, () => ({
        type: 'pin_attempt',
        service: 'Host only',
        good: false,
        empty: false,
        blocked: true,
      })),
    );
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'source_blocked' });
    // (The block itself stays, with its timer.)
    expect(w.world.resources.holders(), 'what anyone still holds').toEqual({});
    expect(w.call.channel.listenerCount, 'channel listeners left').toBe(0);
  });

  it('the lifecycle at debug: screening, lookup, reaching the room, answering, the flow, admitting, ended', async () => {
    const w = callWorld();
    await inMeeting(w);
    expect(w.lifecycle()).toEqual([
      'screening',
      'lookup',
      'reaching',
      'answering.ringing',
      'inFlow',
      'admitting.connected',
      'ended',
    ]);
    w.call.channel.callerHangup();
    await w.finish();
  });
});
