import { describe, expect, it } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import { testBundle } from '../helpers/bundle.js';
import {
  hangUpAndCheck,
  ME,
  MEETING_KEYS,
  MEETING_VARIANTS,
  meetingPaths,
  reachPath,
} from '../helpers/meeting-model.js';

const bundle = testBundle();

describe.each(MEETING_VARIANTS)('the meeting flow, model-based: $name', (variant) => {
  it('every transition from every reachable state happens on the simulated channel, and a hangup anywhere leaves nothing behind', async () => {
    const flow = bundle.flows.get('meeting')!;
    const room = (await bundle.directory.lookup('1001')) as Room;
    const paths = meetingPaths(flow, room, variant, MEETING_KEYS);
    expect(paths.length).toBeGreaterThan(1);
    if (process.env.FOYER_MODEL_STATS) console.log(`meeting (${variant.name}): ${paths.length} paths`);
    for (const path of paths) await hangUpAndCheck(await reachPath(bundle, variant, path), ME);
  });
});

describe('the meeting flow, model-based coverage', () => {
  it('the variants together reach every state of the flow but those only a failed join or a hangup leads to', async () => {
    const flow = bundle.flows.get('meeting')!;
    const room = (await bundle.directory.lookup('1001')) as Room;
    const reached = new Set<string>();
    for (const variant of MEETING_VARIANTS)
      for (const path of meetingPaths(flow, room, variant, MEETING_KEYS))
        for (const state of [path.initial, ...path.steps.map((step) => step.state)]) reached.add(state);
    // Leaves of the flow as a designer reads it, but the passing ones (always) and those a failed join (test/meetings/join-failure.test.ts) or the hangup at the end of each path leads to.
    const leaves = (states: Record<string, { states?: unknown; always?: unknown }>, prefix: string): string[] =>
      Object.entries(states).flatMap(([name, state]) =>
        state.states
          ? leaves(state.states as Record<string, { states?: unknown }>, `${prefix}${name}.`)
          : state.always
            ? []
            : [`${prefix}${name}`],
      );
    const expected = leaves(flow.config.states as Record<string, { states?: unknown }>, '').filter(
      (state) => !['callerLeft', 'hungUp', 'joinFailed'].includes(state),
    );
    for (const state of expected) expect(reached, `state ${state} reached`).toContain(state);
  });
});
