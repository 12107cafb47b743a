import { describe, expect, it } from 'vitest';
import type { ConferenceRoom } from '../../src/meetings/index.js';
import { testBundle } from '../helpers/bundle.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';
import { hangUpAndCheck } from '../helpers/meeting-model.js';

const bundle = testBundle();

/** A meeting whose media server refuses to add `victim` to the conference (the ConferenceRoom port fails). */
function refusing(victim: string): MeetingHarness {
  const h = new MeetingHarness(bundle);
  const { bridge } = h.world;
  const create = bridge.create.bind(bridge);
  bridge.create = async (name: string): Promise<ConferenceRoom> => {
    const conference = await create(name);
    const add = conference.add.bind(conference);
    conference.add = (channel, flags) =>
      channel.callId === victim
        ? Promise.reject(new Error('the media server refused the member'))
        : add(channel, flags);
    return conference;
  };
  return h;
}

describe('the ConferenceRoom port fails to join a caller', () => {
  it.each([
    { who: 'a host', pin: '1234#', hostFirst: false },
    { who: 'a guest joining a host', pin: '5678#', hostFirst: true },
  ])(
    '$who hears of a technical problem and is disconnected; the others stay, and nothing is left once all hang up',
    async ({ pin, hostFirst }) => {
      const h = refusing('me');
      if (hostFirst) await h.admit('host', '1001', '1234#');
      h.dial('me', '1001');
      await h.clock.advance(100);
      await h.press('me', pin);
      await h.until(() => h.record('me') !== undefined, 'the caller to be disconnected');
      expect(h.record('me')).toMatchObject({ outcome: 'disconnected', reason: 'media_failure', admitted: true });
      expect(h.channel('me').played.map((prompt) => prompt.id)).toContain('call.technical_problem');
      if (hostFirst) expect(h.connected()).toContain('host');
      await hangUpAndCheck(h, 'me');
    },
  );
});
