import { describe, expect, it } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import { testBundle } from '../helpers/bundle.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';
import {
  hangUpAndCheck,
  MEETING_KEYS,
  MEETING_VARIANTS,
  meetingPaths,
  reachPath,
  type MeetingPath,
  type MeetingVariant,
} from '../helpers/meeting-model.js';

const bundle = testBundle();

interface Situation {
  readonly name: string;
  /** Who is still connected once the situation is reached; each is hung up in turn. */
  readonly callers: readonly string[];
  reach(h: MeetingHarness): Promise<void>;
  /** What must hold once reached (proof that the test is where it says). */
  check?(h: MeetingHarness): void;
}

/**
 * Every state of the meeting flow a participant can reach, for each meeting world the model
 * knows, by the shortest way there (generated from the flow): each caller connected there hangs
 * up in turn.
 */
async function generatedSituations(): Promise<{ variant: MeetingVariant; path: MeetingPath; state: string }[]> {
  const flow = bundle.flows.get('meeting')!;
  const room = (await bundle.directory.lookup('1001')) as Room;
  const situations: { variant: MeetingVariant; path: MeetingPath; state: string }[] = [];
  for (const variant of MEETING_VARIANTS) {
    const seen = new Set<string>();
    for (const path of meetingPaths(flow, room, variant, MEETING_KEYS)) {
      const state = path.steps.at(-1)?.state ?? path.initial;
      if (seen.has(state)) continue;
      seen.add(state);
      situations.push({ variant, path, state });
    }
  }
  return situations;
}

const GENERATED = await generatedSituations();

describe.each(GENERATED)('a caller hangs up in the meeting flow: $variant.name, in $state', ({ variant, path }) => {
  it('each connected caller hangs up: nothing of theirs is left, and nothing at all once everyone has gone', async () => {
    const victims = (await reachPath(bundle, variant, path)).connected();
    for (const victim of victims) {
      const h = await reachPath(bundle, variant, path);
      expect(h.connected()).toEqual(expect.arrayContaining(victims));
      await hangUpAndCheck(h, victim);
    }
  });
});

/** Situations outside the meeting flow: the meeting refuses the caller at admission. */
const SITUATIONS: Situation[] = [
  {
    name: 'disconnect prompt: the conference is full',
    callers: ['host', 'guest1', 'guest2'],
    reach: async (h) => {
      await h.admit('host', '1004', '1234#');
      await h.admit('guest1', '1004', '5678#');
      h.dial('guest2', '1004');
      await h.clock.advance(100);
      await h.press('guest2', '5678#');
      await h.clock.advance(500);
    },
    check: (h) => expect(h.channel('guest2').played.at(-1)?.id).toBe('meeting.conference_full'),
  },
];

describe.each(SITUATIONS)('a caller hangs up in the meeting: $name', (situation) => {
  it.each(situation.callers)(
    '%s hangs up: nothing of theirs is left, and nothing at all once everyone has gone',
    async (victim) => {
      const h = new MeetingHarness(bundle);
      await situation.reach(h);
      situation.check?.(h);
      expect(h.connected()).toEqual(expect.arrayContaining([...situation.callers]));
      await hangUpAndCheck(h, victim);
    },
  );
});
