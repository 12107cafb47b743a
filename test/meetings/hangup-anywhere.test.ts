import { describe, expect, it } from 'vitest';
import { testBundle } from '../helpers/bundle.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';

const bundle = testBundle();

interface Situation {
  readonly name: string;
  /** Who is still connected once the situation is reached; each is hung up in turn. */
  readonly callers: readonly string[];
  reach(h: MeetingHarness): Promise<void>;
  /** What must hold once reached (proof that the test is where it says). */
  check?(h: MeetingHarness): void;
}

const joinedEvent = (h: MeetingHarness, id: string) =>
  h.events.some((event) => event.callId === id && event.event === 'joined');

const SITUATIONS: Situation[] = [
  {
    name: 'lobby: a guest alone hears "waiting for the host"',
    callers: ['guest'],
    reach: (h) => h.admit('guest', '1001', '5678#'),
    check: (h) => expect(h.channel('guest').playing).toBe(true),
  },
  {
    name: 'lobby: a guest on hold music after a reminder',
    callers: ['guest'],
    reach: async (h) => {
      await h.admit('guest', '1001', '5678#');
      await h.clock.advance(45_000);
    },
    check: (h) => expect(h.channel('guest').played.at(-1)?.id).toBe('meeting.hold_music'),
  },
  {
    name: 'joined: a host alone hears "you are the first participant"',
    callers: ['host'],
    reach: (h) => h.admit('host', '1001', '1234#'),
    check: (h) => expect(h.channel('host').playing).toBe(true),
  },
  {
    name: 'joined: a host and a guest in the conference',
    callers: ['host', 'guest'],
    reach: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit('guest', '1001', '5678#');
      await h.clock.advance(10_000);
    },
    check: (h) => expect(joinedEvent(h, 'guest')).toBe(true),
  },
  {
    name: 'last host left: the guests-only timer is running',
    callers: ['guest1', 'guest2'],
    reach: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit('guest1', '1001', '5678#');
      await h.admit('guest2', '1001', '5678#');
      await h.clock.advance(5_000);
      h.hangup('host');
      await h.clock.advance(10_000);
    },
    check: (h) =>
      expect(h.channel('guest1').played.some((prompt) => prompt.id === 'meeting.guests_only_warning')).toBe(true),
  },
  {
    name: 'locked: a guest waits in the lobby while the host is in a locked meeting',
    callers: ['host', 'guest'],
    reach: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.clock.advance(5_000);
      await h.press('host', '*7');
      await h.clock.advance(3_000);
      await h.admit('guest', '1001', '5678#');
    },
    check: (h) =>
      expect(
        h.events.filter((event) => event.event === 'locked' || event.event === 'lobby').map((event) => event.event),
      ).toEqual(['locked', 'lobby']),
  },
  {
    name: 'muted: auditorium guests unmuted by the host (*5), the guest self-muted (*6)',
    callers: ['host', 'guest'],
    reach: async (h) => {
      await h.admit('host', '2000', '2468#');
      await h.admit('guest', '2000', '1357#');
      await h.clock.advance(5_000);
      await h.press('host', '*5');
      await h.clock.advance(3_000);
      await h.press('guest', '*6');
    },
    check: (h) =>
      expect(
        h.events.filter((event) => event.callId === 'guest' && /muted/.test(event.event)).map((event) => event.event),
      ).toEqual(['unmuted', 'muted']),
  },
  {
    name: 'disconnect prompt: the guests-only timeout says goodbye',
    callers: ['guest'],
    reach: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit('guest', '1001', '5678#');
      await h.clock.advance(5_000);
      h.hangup('host');
      await h.clock.advance(60_100);
    },
    check: (h) => expect(h.channel('guest').played.at(-1)?.id).toBe('call.goodbye'),
  },
  {
    name: 'disconnect prompt: the waiting-for-host timeout',
    callers: ['guest'],
    reach: async (h) => {
      await h.admit('guest', '1005', '5678#');
      await h.clock.advance(120_100);
    },
    check: (h) => expect(h.channel('guest').played.at(-1)?.id).toBe('meeting.host_timeout'),
  },
  {
    name: 'disconnect prompt: the host ended the meeting for all (##)',
    callers: ['host', 'guest'],
    reach: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit('guest', '1001', '5678#');
      await h.clock.advance(5_000);
      await h.press('host', '##');
    },
    check: (h) => expect(h.channel('guest').played.at(-1)?.id).toBe('meeting.ended_by_host'),
  },
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
      h.hangup(victim);
      await h.until(() => h.record(victim) !== undefined, `${victim}'s call to end`);
      expect(h.resources.heldBy(victim), `what ${victim} still holds`).toEqual({});
      expect(h.channel(victim).listenerCount, `${victim}'s channel listeners`).toBe(0);
      for (const other of h.connected()) h.hangup(other);
      await h.finish();
      expect(h.resources.holders(), 'what anyone still holds').toEqual({});
      expect(h.world.meetings.count, 'meetings left').toBe(0);
      expect(h.world.bridge.conferences.size, 'conferences left').toBe(0);
      expect(h.clock.pending, 'timers left').toBe(0);
    },
  );
});
