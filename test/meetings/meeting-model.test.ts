import { describe, expect, it } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import { settle } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';
import { meetingPaths, type MeetingPath, type MeetingWorld } from '../helpers/meeting-model.js';

const bundle = testBundle();
const KEYS = ['*', '#', '5', '6', '7'];
const ME = 'me';

interface Variant extends MeetingWorld {
  readonly name: string;
  /** Brings the meeting to the variant's world, then admits ME. */
  setUp(h: MeetingHarness): Promise<void>;
}

const VARIANTS: Variant[] = [
  {
    name: 'a guest alone, until a host comes',
    role: 'guest',
    hostPresent: false,
    locked: false,
    alone: false,
    // (Ending the meeting needs a host in it: the locked variant covers END_MEETING.)
    events: ['RELEASE'],
    setUp: (h) => h.admit(ME, '1001', '5678#'),
  },
  {
    name: 'a guest with a host who leaves',
    role: 'guest',
    hostPresent: true,
    locked: false,
    alone: false,
    events: ['HOST_LEFT', 'GUESTS_ONLY_TIMEOUT'],
    setUp: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit(ME, '1001', '5678#');
    },
  },
  {
    name: 'a host alone',
    role: 'host',
    hostPresent: false,
    locked: false,
    alone: true,
    events: [],
    setUp: (h) => h.admit(ME, '1001', '1234#'),
  },
  {
    name: 'a guest while the host has locked the meeting',
    role: 'guest',
    hostPresent: true,
    locked: true,
    alone: false,
    events: ['RELEASE', 'END_MEETING'],
    setUp: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.clock.advance(5_000);
      await h.press('host', '*7');
      await h.clock.advance(3_000);
      await h.admit(ME, '1001', '5678#');
    },
  },
];

/** The flow states ME has been in, in order, as the meeting reports them. */
class Observed {
  readonly states: string[] = [];
  private cursor = 0;

  /** Whether `state` is where ME is now or has been since the last step; moves on to it. */
  reached(state: string): boolean {
    const index = this.states.indexOf(state, Math.max(0, this.cursor));
    if (index < 0) return false;
    this.cursor = index;
    return true;
  }
}

/** Does what the rest of the meeting (or time) does to send ME `event`. */
async function act(h: MeetingHarness, type: string, digit: string | undefined): Promise<void> {
  switch (type) {
    case 'DTMF':
      h.channel(ME).press(digit!);
      await settle();
      return;
    case 'RELEASE':
      if (h.connected().includes('host')) await h.press('host', '*7');
      else await h.admit('host', '1001', '1234#');
      return;
    case 'END_MEETING':
      await h.press('host', '##');
      return;
    case 'HOST_LEFT':
    case 'GUESTS_ONLY_TIMEOUT':
      if (h.connected().includes('host')) h.hangup('host');
      await settle();
      return;
  }
}

async function replay(variant: Variant, path: MeetingPath): Promise<void> {
  const observed = new Observed();
  const h = new MeetingHarness(bundle, {
    onMeetingFlowState: (callId, state) => {
      if (callId === ME && observed.states.at(-1) !== state) observed.states.push(state);
    },
  });
  await variant.setUp(h);
  const until = async (state: string, what: string) => {
    await h.clock.runWhile(() => !observed.reached(state), h.clock.now() + 1_000_000);
    expect(observed.reached(state), `${what}: ${state} (went through ${observed.states.join(' → ')})`).toBe(true);
  };
  await until(path.initial, 'admitted');
  for (const [index, { event, state }] of path.steps.entries()) {
    await act(h, event.type, event.digit);
    await until(state, `step ${index + 1} (${event.type}${event.digit ?? ''})`);
  }
  // Hang up wherever the path ended: nothing of ME's may be left, and nothing at all once everyone has gone.
  if (h.connected().includes(ME)) h.hangup(ME);
  await h.until(() => h.record(ME) !== undefined, `${ME}'s call to end`);
  expect(h.resources.heldBy(ME), `what ${ME} still holds`).toEqual({});
  expect(h.channel(ME).listenerCount, `${ME}'s channel listeners`).toBe(0);
  for (const other of h.connected()) h.hangup(other);
  await h.finish();
  expect(h.resources.holders(), 'what anyone still holds').toEqual({});
  expect(h.world.meetings.count, 'meetings left').toBe(0);
  expect(h.world.bridge.conferences.size, 'conferences left').toBe(0);
  expect(h.clock.pending, 'timers left').toBe(0);
}

describe.each(VARIANTS)('the meeting flow, model-based: $name', (variant) => {
  it('every transition from every reachable state happens on the simulated channel, and a hangup anywhere leaves nothing behind', async () => {
    const flow = bundle.flows.get('meeting')!;
    const room = (await bundle.directory.lookup('1001')) as Room;
    const paths = meetingPaths(flow, room, variant, KEYS);
    expect(paths.length).toBeGreaterThan(1);
    if (process.env.FOYER_MODEL_STATS) console.log(`meeting (${variant.name}): ${paths.length} paths`);
    for (const path of paths) await replay(variant, path);
  });
});

describe('the meeting flow, model-based coverage', () => {
  it('the variants together reach every state of the flow but those only a failure or a hangup leads to', async () => {
    const flow = bundle.flows.get('meeting')!;
    const room = (await bundle.directory.lookup('1001')) as Room;
    const reached = new Set<string>();
    for (const variant of VARIANTS)
      for (const path of meetingPaths(flow, room, variant, KEYS))
        for (const state of [path.initial, ...path.steps.map((step) => step.state)]) reached.add(state);
    // Leaves of the flow as a designer reads it, but the passing ones (always) and those a failure or the hangup at the end of each path leads to.
    const leaves = (states: Record<string, { states?: unknown; always?: unknown }>, prefix: string): string[] =>
      Object.entries(states).flatMap(([name, state]) =>
        state.states
          ? leaves(state.states as Record<string, { states?: unknown }>, `${prefix}${name}.`)
          : state.always
            ? []
            : [`${prefix}${name}`],
      );
    const expected = leaves(flow.config.states as Record<string, { states?: unknown }>, '').filter(
      (state) => !['callerLeft', 'hungUp', 'mediaLost', 'mediaFailed', 'joinFailed'].includes(state),
    );
    for (const state of expected) expect(reached, `state ${state} reached`).toContain(state);
  });
});
