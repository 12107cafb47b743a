import { describe, expect, it } from 'vitest';
import { testBundle } from '../helpers/bundle.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';

const bundle = testBundle();

/** How many times `id` has heard the leave tone so far. */
const leaveTones = (h: MeetingHarness, id: string): number =>
  h.channel(id).played.filter((prompt) => prompt.id === 'meeting.leave_tone').length;

describe('the leave tone (the room flow plays it; the meeting flow has tones on)', () => {
  it('those still in the conference hear it when someone leaves the conference', async () => {
    const h = new MeetingHarness(bundle);
    await h.admit('host', '1001', '1234#');
    await h.admit('guest', '1001', '5678#');
    await h.admit('other', '1001', '5678#');
    await h.clock.advance(5_000);
    h.hangup('guest');
    await h.until(() => leaveTones(h, 'host') === 1, 'the host to hear the leave tone');
    expect(leaveTones(h, 'other')).toBe(1);
    h.hangup('other');
    await h.until(() => leaveTones(h, 'host') === 2, 'the host to hear the other guest leave');
    h.hangup('host');
    await h.finish();
    expect(leaveTones(h, 'host')).toBe(2);
  });

  it('nobody hears it when a guest leaves the lobby, or when the last one leaves', async () => {
    const h = new MeetingHarness(bundle);
    await h.admit('guest', '1001', '5678#');
    await h.admit('waiting', '1001', '5678#');
    await h.clock.advance(5_000);
    h.hangup('waiting');
    await h.clock.advance(5_000);
    expect(leaveTones(h, 'guest')).toBe(0);
    h.hangup('guest');
    await h.finish();
    expect(h.connected()).toEqual([]);
  });
});
