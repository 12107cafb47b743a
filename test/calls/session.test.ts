import { describe, expect, it } from 'vitest';
import { CallSession, type CallEnd, type CallEvent } from '../../src/calls/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { SimulatedCall, parseKeyScript } from '../../src/simulator/index.js';
import { settle, SimulatedClock } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';

const bundle = testBundle();

function start(to: string, keys = '') {
  const clock = new SimulatedClock();
  const call = new SimulatedCall(clock, {
    callId: 't',
    to,
    from: 'sip:a@example.com',
    source: '192.0.2.9',
    script: parseKeyScript(keys),
  });
  const events: { at: number; event: CallEvent }[] = [];
  let end: CallEnd | undefined;
  const done = CallSession.run(call, {
    bundle,
    clock,
    logger: silentLogger,
    observer: (event) => events.push({ at: clock.now(), event }),
  }).then((result) => (end = result));
  return { clock, call, events, done, ended: () => end };
}

describe('call session over the simulated channel', () => {
  it('a key pressed during a prompt stops it at once (barge-in) and counts as input', async () => {
    const { clock, call, events, done } = start('1001');
    await clock.advance(2500); // answer delay, then half a second into the PIN prompt
    expect(call.channel.playing).toBe(true);
    call.channel.press('5');
    await settle();
    expect(call.channel.playing).toBe(false);
    for (const key of '678#') call.channel.press(key);
    await done;
    expect(events.at(-1)!.event).toMatchObject({ type: 'end', outcome: 'joined', role: 'guest' });
    expect(call.channel.joined).toEqual({
      conference: 'foyer-host-and-guest',
      flags: { moderator: false, muted: false },
    });
  });

  it('first-digit timeout counts from the end of the prompt', async () => {
    const { clock, events } = start('1002');
    await clock.advance(60_000);
    const prompts = events.filter((entry) => entry.event.type === 'prompt');
    const waiting = events.filter((entry) => entry.event.type === 'state' && entry.event.state === 'waiting');
    expect(prompts[1]!.at - waiting[0]!.at).toBe(10_000);
  });

  it('a caller hanging up mid-prompt ends the session with caller_hangup and leaves nothing behind', async () => {
    const { clock, call, done } = start('8000');
    await clock.advance(3000);
    expect(call.channel.playing).toBe(true);
    call.channel.callerHangup();
    const end = await done;
    expect(end).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup', service: 'Reception' });
    expect(call.channel.playing).toBe(false);
    expect(call.channel.listenerCount).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('a channel failure disconnects with media_failure', async () => {
    const { clock, call, done } = start('1002');
    await clock.advance(3000);
    call.channel.fail(new Error('media server went away'));
    expect(await done).toMatchObject({ outcome: 'disconnected', reason: 'media_failure', service: 'Host only' });
    expect(clock.pending).toBe(0);
  });

  it('a prompt that fails to play does not strand the caller', async () => {
    const { clock, call, done } = start('1002', ',,,,,,,,1234#');
    call.channel.play = () => Promise.reject(new Error('file not found'));
    await clock.runWhile(() => true);
    expect(await done).toMatchObject({ outcome: 'joined', role: 'host' });
  });

  it('an unknown alias is rejected with not_found and never answered', async () => {
    const { call, done } = start('sip:nobody@example.com');
    expect(await done).toMatchObject({ outcome: 'rejected', reason: 'unknown_alias', service: null });
    expect(call.rejected).toBe('not_found');
    expect(call.answeredAt).toBeUndefined();
  });

  it('auditorium guests join muted, hosts as moderators', async () => {
    const guest = start('2000', '1357#');
    await guest.clock.runWhile(() => guest.ended() === undefined);
    expect(guest.call.channel.joined?.flags).toEqual({ moderator: false, muted: true });
    const host = start('2000', '2468#');
    await host.clock.runWhile(() => host.ended() === undefined);
    expect(host.call.channel.joined?.flags).toEqual({ moderator: true, muted: false });
  });

  it('keeps the bundle it started with', async () => {
    const { clock, done } = start('8000', '1000#');
    await clock.runWhile(() => true);
    expect(await done).toMatchObject({ outcome: 'joined' });
  });
});
