import { afterEach, describe, expect, it, vi } from 'vitest';
import { Resources, silentLogger } from '../../src/observability/index.js';
import type { PromptRef } from '../../src/prompts/index.js';
import { FreeswitchBridge, FreeswitchChannel } from '../../src/telephony/index.js';
import { FakeDialog, FakeEndpoint, FakeMediaServer } from './doubles.js';

const prompt = (id: string, durationMs: number): PromptRef => ({
  id,
  text: id,
  theme: 'base',
  language: 'en-US',
  file: `base/en-US/${id}.wav`,
  durationMs,
});

async function conferenceWithMember() {
  const resources = new Resources();
  const mediaServer = new FakeMediaServer();
  const options = {
    promptBase: '/prompts',
    conferenceProfile: 'foyer',
    logger: silentLogger,
    operationTimeoutMs: 1_000,
    resources,
  };
  const bridge = new FreeswitchBridge({ ...options, mediaServer: () => mediaServer });
  const conference = await bridge.create('foyer-room-1');
  const dialog = new FakeDialog();
  const channel = new FreeswitchChannel('call-1', dialog, new FakeEndpoint(), options);
  const member = await conference.add(channel, { moderator: true, muted: false });
  return { resources, mediaServer, conference, member, dialog };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('FreeSWITCH conferences: no command can hold a meeting', () => {
  it('a conference command FreeSWITCH never answers fails after the operation timeout', async () => {
    vi.useFakeTimers();
    const { mediaServer, conference, member } = await conferenceWithMember();
    mediaServer.apiImpl = () => new Promise(() => undefined);
    const muting = expect(conference.setMuted(member, true)).rejects.toThrow(
      /conference foyer-room-1 mute 7 did not answer within 1000 ms/,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await muting;
  });

  it("when the member's call ends, a pending kick is given up at once and the member is no longer counted", async () => {
    const { resources, mediaServer, conference, member, dialog } = await conferenceWithMember();
    expect(resources.heldBy('call-1')).toEqual({ channels: 1, endpoints: 1, members: 1 });
    mediaServer.apiImpl = () => new Promise(() => undefined);
    const removing = conference.remove(member);
    dialog.emit('destroy');
    await expect(removing).rejects.toThrow(/abandoned: the call has ended/);
    expect(resources.heldBy('call-1')).toEqual({});
  });

  it("an announcement to a member stops when the member's call ends, not after its length", async () => {
    vi.useFakeTimers();
    const { mediaServer, conference, member, dialog } = await conferenceWithMember();
    const playing = conference.playTo(member, [
      prompt('meeting.first_participant', 60_000),
      prompt('meeting.participant_count', 60_000),
    ]);
    await vi.advanceTimersByTimeAsync(10);
    dialog.emit('destroy');
    await vi.advanceTimersByTimeAsync(10);
    await playing;
    expect(mediaServer.apiCalls).toEqual([
      'conference foyer-room-1 play /prompts/base/en-US/meeting.first_participant.wav 7',
    ]);
  });

  it('ending the conference gives back its count', async () => {
    const { resources, conference, member } = await conferenceWithMember();
    await conference.remove(member);
    await conference.destroy();
    expect(resources.totals()).toMatchObject({ conferences: 0, members: 0 });
  });
});
