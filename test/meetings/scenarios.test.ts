import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { Catalogue } from '../../src/prompts/index.js';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines, runCli } from '../helpers/cli.js';

async function scenario(name: string, ...extra: string[]) {
  const run = await runCli('simulate', '--scenario', join(FIXTURES, 'scenarios', `${name}.yaml`), '--json', ...extra);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = jsonLines(run.stdout);
  const ends = new Map(lines.filter((line) => line.type === 'end').map((line) => [line.caller as string, line]));
  const meeting = (event: string, caller?: string) =>
    lines.filter(
      (line) => line.type === 'meeting' && line.event === event && (caller === undefined || line.caller === caller),
    );
  return { lines, ends, meeting };
}

describe('meetings through foyer simulate --scenario', () => {
  it('a guest waits in the lobby; when the host arrives both are in the conference', async () => {
    const { ends, meeting, lines } = await scenario('guest-waits');
    expect(meeting('lobby', 'guest')[0]).toMatchObject({ t: 1.25, service: 'Host and guest' });
    expect(meeting('joined', 'guest')[0]!.t).toBe(61.25);
    expect(meeting('joined', 'host')[0]!.t).toBe(61.25);
    expect(lines.find((line) => line.caller === 'guest' && line.type === 'prompt')).toMatchObject({
      id: 'meeting.waiting_for_host',
    });
    expect(ends.get('host')).toMatchObject({
      outcome: 'hangup',
      reason: 'caller_hangup',
      admitted: true,
      role: 'host',
    });
  });

  it('a guest alone waits 900 s, hears why, and is disconnected with host_timeout', async () => {
    const { ends, lines } = await scenario('host-timeout');
    const end = ends.get('guest')!;
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'host_timeout', admitted: true, role: 'guest' });
    expect(end.t as number).toBeGreaterThanOrEqual(901.25);
    expect(end.t as number).toBeLessThan(910);
    const reminders = lines.filter((line) => line.type === 'prompt' && line.id === 'meeting.waiting_for_host');
    expect(reminders).toHaveLength(30);
    expect(lines.filter((line) => line.type === 'prompt').at(-1)).toMatchObject({ id: 'meeting.host_timeout' });
  });

  it('when the last host leaves, guests are warned and disconnected 60 s later with guests_only_timeout', async () => {
    const { ends, lines } = await scenario('guests-only');
    for (const guest of ['guest1', 'guest2']) {
      expect(lines.find((line) => line.caller === guest && line.id === 'meeting.guests_only_warning')).toMatchObject({
        t: 100,
      });
      expect(ends.get(guest)).toMatchObject({ outcome: 'disconnected', reason: 'guests_only_timeout', admitted: true });
      // Warned at 100 s, disconnected 60 s later once "Goodbye." has played.
      const goodbye =
        Catalogue.load(DEFAULTS.promptsDir, 'en-US').resolve('call.goodbye', { theme: 'base', language: 'en-US' })
          .durationMs / 1000;
      expect(ends.get(guest)!.t as number).toBeCloseTo(160 + goodbye, 3);
    }
  });

  it('a caller joining others hears how many, composed with the plural rules', async () => {
    const { lines } = await scenario('guests-only');
    const count = (caller: string) =>
      lines.find((line) => line.caller === caller && line.id === 'meeting.participant_count');
    expect(count('guest1')).toMatchObject({ text: 'There is one other participant.' });
    expect(count('guest2')).toMatchObject({
      text: 'There are two other participants.',
      parts: ['meeting.participant_count--2', 'number.2', 'meeting.participant_count--3'],
    });
  });

  it('a host who returns within 60 s keeps the guests in', async () => {
    const { ends, meeting, lines } = await scenario('host-returns');
    expect(ends.get('guest')).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup', t: 250 });
    expect(lines.find((line) => line.caller === 'guest' && line.id === 'meeting.guests_only_warning')).toMatchObject({
      t: 100,
    });
    expect(meeting('started')).toHaveLength(1);
  });

  it("a room's own timeouts apply: guests_only_timeout 0 disconnects at once, waiting_for_host_timeout 120 s", async () => {
    const { ends } = await scenario('room-timeouts');
    expect(ends.get('guest')).toMatchObject({ outcome: 'disconnected', reason: 'guests_only_timeout' });
    expect(ends.get('guest')!.t as number).toBeLessThan(51);
    expect(ends.get('late')).toMatchObject({ outcome: 'disconnected', reason: 'host_timeout' });
    expect(ends.get('late')!.t as number).toBeGreaterThanOrEqual(221.25);
    expect(ends.get('late')!.t as number).toBeLessThan(230);
  });

  it('auditorium guests join muted; *5 unmutes and mutes all guests', async () => {
    const { meeting, lines } = await scenario('auditorium');
    const guestJoined = lines.find(
      (line) => line.type === 'meeting' && line.event === 'joined' && line.caller === 'guest',
    );
    expect(guestJoined).toBeDefined();
    const toggles = lines
      .filter(
        (line) =>
          line.type === 'meeting' && (line.event === 'muted' || line.event === 'unmuted') && line.caller === 'guest',
      )
      .map((line) => line.event);
    expect(toggles).toEqual(['unmuted', 'muted']);
    expect(meeting('muted', 'host')).toHaveLength(0);
    expect(lines.filter((line) => line.caller === 'host' && line.type === 'prompt').map((line) => line.id)).toEqual(
      expect.arrayContaining(['meeting.guests_unmuted', 'meeting.guests_muted']),
    );
  });

  it('*7 locks the conference: a new guest waits in the lobby, the host hears so; *7 again lets them in', async () => {
    const { meeting, lines } = await scenario('lock');
    expect(meeting('locked', 'host')).toHaveLength(1);
    expect(meeting('lobby', 'guest')).toHaveLength(1);
    expect(lines.find((line) => line.caller === 'host' && line.id === 'meeting.someone_waiting')).toBeDefined();
    const unlocked = meeting('unlocked', 'host')[0]!;
    expect(meeting('joined', 'guest')[0]!.t).toBe(unlocked.t);
  });

  it('## ends the meeting for everyone, lobby included, with ended_by_host', async () => {
    const { ends, meeting } = await scenario('end-for-all');
    expect(ends.get('host')).toMatchObject({ outcome: 'disconnected', reason: 'ended_by_host' });
    expect(ends.get('guest')).toMatchObject({ outcome: 'disconnected', reason: 'ended_by_host' });
    expect(meeting('ended')).toHaveLength(1);
  });

  it('a caller beyond the participant limit hears that the conference is full and is disconnected', async () => {
    const { ends, lines } = await scenario('limit');
    expect(ends.get('guest2')).toMatchObject({ outcome: 'disconnected', reason: 'conference_full', admitted: false });
    expect(lines.find((line) => line.caller === 'guest2' && line.id === 'meeting.conference_full')).toBeDefined();
    expect(ends.get('guest1')).toMatchObject({ outcome: 'hangup', admitted: true });
  });

  it('PIN digits typed ahead never trigger controls, and both keys must come within 2 s', async () => {
    const { meeting, ends } = await scenario('typed-ahead');
    expect(meeting('locked')).toHaveLength(0);
    expect(meeting('muted')).toHaveLength(0);
    expect(meeting('unmuted')).toHaveLength(0);
    expect(ends.get('host')).toMatchObject({
      outcome: 'hangup',
      reason: 'caller_hangup',
      via: 'Reception',
      role: 'host',
    });
    expect(ends.get('guest')).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup' });
  });

  it('--until ends everyone still connected with simulation_end', async () => {
    const { ends } = await scenario('guest-waits', '--until', '100');
    expect(ends.get('guest')).toMatchObject({ outcome: 'hangup', reason: 'simulation_end', t: 100, admitted: true });
    expect(ends.get('host')).toMatchObject({ reason: 'simulation_end', t: 100 });
  });

  it('--scenario with --to is a usage error', async () => {
    const run = await runCli('simulate', '--scenario', join(FIXTURES, 'scenarios', 'lock.yaml'), '--to', '1001');
    expect(run.code).toBe(2);
  });

  it('every line carries the caller and the time, in time order', async () => {
    const { lines } = await scenario('lock');
    for (const line of lines) {
      expect(line).toHaveProperty('t');
      expect(line).toHaveProperty('caller');
    }
    const times = lines.map((line) => line.t as number);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
