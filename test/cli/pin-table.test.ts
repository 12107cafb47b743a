import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const SERVICES = join(FIXTURES, 'services.yaml');

async function simulate(to: string, keys: string) {
  const run = await runCli('simulate', '--to', to, '--keys', keys, '--json', '--services', SERVICES);
  expect(run.code).toBe(0);
  const lines = jsonLines(run.stdout);
  const end = lines.at(-1)!;
  expect(end.type).toBe('end');
  return {
    lines,
    end,
    prompts: lines
      .filter((line) => line.type === 'prompt' && !String(line.id).startsWith('meeting.'))
      .map((line) => line.id),
  };
}

describe('PIN rules through foyer simulate --keys --json', () => {
  it('a room without PINs joins the caller at once as host, with no PIN prompt', async () => {
    const { end, prompts } = await simulate('1000', '');
    expect(end).toMatchObject({ outcome: 'joined', reason: 'admitted', role: 'host', service: 'Open room', via: null });
    expect(prompts).toEqual([]);
    expect(end.t).toBe(0);
  });

  it('host PIN only: 1234# makes a host', async () => {
    const { end } = await simulate('1002', '1234#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'host', service: 'Host only' });
  });

  it('host PIN only: # three times disconnects with pin_invalid', async () => {
    const { end, prompts } = await simulate('1002', '###');
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid', role: null });
    expect(prompts.at(-1)).toBe('pin.invalid_final');
  });

  it('guests allowed without guest PIN: # makes a guest, and the prompt says so', async () => {
    const { end } = await simulate('1003', '#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'guest' });
    const { prompts } = await simulate('1003', ',,,,,#');
    expect(prompts[0]).toBe('pin.enter_or_guest');
  });

  it('guests allowed without guest PIN: 1234# makes a host', async () => {
    const { end } = await simulate('1003', '1234#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'host' });
  });

  it('host and guest PIN: 5678# makes a guest', async () => {
    const { end } = await simulate('1001', '5678#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'guest', service: 'Host and guest' });
  });

  it('host and guest PIN: 1111#5678# makes a guest on the second attempt', async () => {
    const { end, lines } = await simulate('1001', ',,,,,,1111#,,,,,5678#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'guest' });
    expect(
      lines.filter((line) => line.type === 'prompt' && !String(line.id).startsWith('meeting.')).map((line) => line.id),
    ).toEqual(['pin.enter', 'pin.invalid', 'pin.attempts_left']);
  });

  it('host and guest PIN: three wrong PINs disconnect with pin_invalid', async () => {
    const { end } = await simulate('1001', '1111#2222#3333#');
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid' });
  });

  it('host and guest PIN: 1234 then silence makes a host when the inter-digit timeout ends the entry', async () => {
    const { end, lines } = await simulate('1001', ',,,,,,1234');
    expect(end).toMatchObject({ outcome: 'joined', role: 'host' });
    const lastKey = lines.filter((line) => line.type === 'dtmf').at(-1)!;
    expect(end.t as number).toBeCloseTo((lastKey.t as number) + 5, 3);
  });

  it.each(['1002', '1003', '1001', '2000'])(
    'room %s: silence re-prompts and disconnects with pin_no_input after 3 timeouts',
    async (room) => {
      const { end, prompts } = await simulate(room, '');
      expect(end).toMatchObject({ outcome: 'disconnected', reason: 'pin_no_input' });
      expect(prompts.filter((id) => id === 'pin.enter' || id === 'pin.enter_or_guest')).toHaveLength(3);
      expect(prompts.at(-1)).toBe('pin.no_input');
    },
  );

  it('never shows PIN digits: every key of a PIN entry is written as x', async () => {
    const { lines } = await simulate('8000', '1001#5678#');
    const digits = lines.filter((line) => line.type === 'dtmf').map((line) => line.digit);
    expect(digits).toEqual(['1', '0', '0', '1', '#', 'x', 'x', 'x', 'x', 'x']);
    expect(JSON.stringify(lines)).not.toContain('5678');
  });
});
