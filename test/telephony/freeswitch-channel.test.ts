import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import type { PromptRef } from '../../src/prompts/index.js';
import { FreeswitchChannel } from '../../src/telephony/index.js';
import { FakeDialog, FakeEndpoint } from './doubles.js';

const prompt = (id: string, durationMs = 1000): PromptRef => ({
  id,
  text: id,
  theme: 'base',
  language: 'en-US',
  file: `base/en-US/${id}.wav`,
  durationMs,
});

function setup(operationTimeoutMs = 5000) {
  const dialog = new FakeDialog();
  const endpoint = new FakeEndpoint();
  const channel = new FreeswitchChannel('call-1', dialog, endpoint, {
    promptBase: '/srv/prompts/',
    conferenceProfile: 'foyer',
    logger: silentLogger,
    operationTimeoutMs,
  });
  const keys: string[] = [];
  const events: string[] = [];
  channel.on('dtmf', (key) => keys.push(key));
  channel.on('hangup', () => events.push('hangup'));
  channel.on('failure', () => events.push('failure'));
  return { dialog, endpoint, channel, keys, events };
}

describe('FreeSWITCH call channel', () => {
  it('plays prompt files from the prompt base and resolves when playback ends', async () => {
    const { endpoint, channel } = setup();
    const done = channel.play([prompt('pin.enter'), prompt('pin.invalid')], new AbortController().signal);
    expect(endpoint.played).toEqual([
      ['/srv/prompts/base/en-US/pin.enter.wav', '/srv/prompts/base/en-US/pin.invalid.wav'],
    ]);
    endpoint.finishPlayback!();
    await done;
  });

  it('reports a prompt as playing when FreeSWITCH starts it', async () => {
    const { endpoint, channel } = setup();
    const playing: string[] = [];
    channel.on('playing', (ref) => playing.push(ref.id));
    const done = channel.play([prompt('pin.enter')], new AbortController().signal);
    endpoint.emit('playback-start', { file: '/srv/prompts/base/en-US/pin.enter.wav' });
    expect(playing).toEqual(['pin.enter']);
    endpoint.finishPlayback!();
    await done;
  });

  it('barge-in: aborting playback breaks it on FreeSWITCH', async () => {
    const { endpoint, channel } = setup();
    const abort = new AbortController();
    const done = channel.play([prompt('pin.enter')], abort.signal);
    abort.abort();
    await done;
    expect(endpoint.apiCalls).toContain('uuid_break fs-uuid-1 all');
  });

  it('RFC 4733 and inband keys from FreeSWITCH reach the flow; the first transport wins', () => {
    const { endpoint, dialog, keys } = setup();
    endpoint.emit('dtmf', { dtmf: '1', duration: '160', source: 'RTP' });
    expect(dialog.receive('info', 'application/dtmf-relay', 'Signal=2\r\nDuration=160\r\n')).toBe(200);
    endpoint.emit('dtmf', { dtmf: '#', duration: '160', source: 'RTP' });
    expect(keys).toEqual(['1', '#']);
  });

  it('SIP INFO digits (dtmf-relay with 10/11, and application/dtmf) are answered 200 and delivered', () => {
    const { dialog, keys, endpoint } = setup();
    expect(dialog.receive('info', 'application/dtmf-relay', 'Signal=1\r\nDuration=100\r\n')).toBe(200);
    expect(dialog.receive('info', 'application/dtmf-relay', 'Signal=11\r\nDuration=100\r\n')).toBe(200);
    expect(dialog.receive('info', 'application/dtmf-relay', 'Signal=10\r\n')).toBe(200);
    expect(dialog.receive('info', 'application/dtmf', '5')).toBe(200);
    endpoint.emit('dtmf', { dtmf: '9', source: 'INBAND_AUDIO' });
    expect(keys).toEqual(['1', '#', '*', '5']);
  });

  it('junk INFO bodies are answered 200 and ignored', () => {
    const { dialog, keys } = setup();
    expect(dialog.receive('info', 'application/dtmf-relay', 'Signal=X')).toBe(200);
    expect(dialog.receive('info', 'application/media_control+xml', '<x/>')).toBe(200);
    expect(dialog.receive('info', undefined, '')).toBe(200);
    expect(keys).toEqual([]);
  });

  it('a REFER from the caller is refused with 403', () => {
    const { dialog } = setup();
    expect(dialog.receive('refer', undefined, '')).toBe(403);
  });

  it("the caller's BYE ends the call once and releases the FreeSWITCH channel", async () => {
    const { dialog, endpoint, channel, events } = setup();
    dialog.emit('destroy');
    dialog.emit('destroy');
    expect(events).toEqual(['hangup']);
    expect(endpoint.destroyed).toBe(1);
    expect(dialog.destroyed).toBe(0);
    expect(channel.isEnded).toBe(true);
  });

  it('FreeSWITCH hanging up (or going away) sends the caller a BYE and reports a failure', () => {
    const { dialog, endpoint, events } = setup();
    endpoint.emit('destroy');
    expect(events).toEqual(['failure']);
    expect(dialog.destroyed).toBe(1);
    expect(endpoint.destroyed).toBe(0);
  });

  it('Foyer hanging up releases both legs', async () => {
    const { dialog, endpoint, channel, events } = setup();
    await channel.hangup();
    expect(dialog.destroyed).toBe(1);
    expect(endpoint.destroyed).toBe(1);
    expect(events).toEqual([]);
  });

  it('a playback FreeSWITCH never finishes ends at the hangup instead of hanging the call', async () => {
    const { endpoint, channel, dialog } = setup();
    endpoint.hang = true;
    const done = channel.play([prompt('pin.enter')], new AbortController().signal);
    dialog.emit('destroy');
    await expect(done).resolves.toBeUndefined();
  });

  it('a playback FreeSWITCH never finishes times out after its length plus the operation timeout', async () => {
    const { endpoint, channel } = setup(20);
    endpoint.hang = true;
    await expect(channel.play([prompt('pin.enter', 10)], new AbortController().signal)).rejects.toThrow(
      /playback did not answer within 30 ms/,
    );
  });

  it('joins a conference with the Foyer profile and the flags of the role', async () => {
    const { endpoint, channel } = setup();
    let args: unknown;
    endpoint.join = async (...received: unknown[]) => {
      args = received;
      return { memberId: 3, confUuid: 'c' };
    };
    expect(await channel.joinConference('foyer-room-1', { moderator: true, muted: false })).toBe(3);
    expect(args).toEqual(['foyer-room-1', { profile: 'foyer', flags: { nomoh: true, moderator: true, mute: false } }]);
  });

  it("turns FreeSWITCH's own keypad controls and sounds off on the member before it joins, whatever the profile", async () => {
    const { endpoint, channel } = setup();
    await channel.joinConference('foyer-room-1', { moderator: false, muted: true });
    expect(endpoint.joins).toHaveLength(1);
    // Set before the join, so the member never exists with the stock controls (# hangs up) bound.
    expect(endpoint.joins[0]!.variables).toMatchObject({
      conference_controls: 'none',
      conference_enter_sound: 'silence_stream://20',
      conference_exit_sound: 'silence_stream://20',
      conference_force_rate: '16000',
    });
  });
});
