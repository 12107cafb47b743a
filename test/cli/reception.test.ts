import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const SERVICES = join(FIXTURES, 'services.yaml');

async function simulate(to: string, keys: string, ...extra: string[]) {
  const run = await runCli('simulate', '--to', to, '--keys', keys, '--json', '--services', SERVICES, ...extra);
  expect(run.code).toBe(0);
  const lines = jsonLines(run.stdout);
  return {
    lines,
    end: lines.at(-1)!,
    prompts: lines
      .filter((line) => line.type === 'prompt' && !String(line.id).startsWith('meeting.'))
      .map((line) => line.id),
  };
}

describe('Virtual Reception through foyer simulate --keys --json', () => {
  it('waits about 2 s after answer, asks for a number, says please hold, and hands the caller to the room', async () => {
    const { lines, end, prompts } = await simulate('8000', ',,,,,,1001#,,,,5678#');
    const first = lines.find((line) => line.type === 'prompt')!;
    expect(first).toMatchObject({ id: 'reception.enter_number', t: 2 });
    expect(first.text).toBe('Please enter the number you wish to connect to, followed by the pound key.');
    expect(prompts).toEqual(['reception.enter_number', 'reception.please_hold', 'pin.enter']);
    expect(end).toMatchObject({
      outcome: 'joined',
      reason: 'admitted',
      service: 'Host and guest',
      via: 'Reception',
      role: 'guest',
    });
  });

  it('keys typed ahead carry into the room: no PIN prompt when the PIN is already keyed', async () => {
    const { prompts, end } = await simulate('8000', '1001#1234#');
    expect(prompts).toEqual(['reception.please_hold']);
    expect(end).toMatchObject({ outcome: 'joined', role: 'host', via: 'Reception' });
  });

  it('a room without PIN joins straight after please hold', async () => {
    const { end } = await simulate('reception', '1000#');
    expect(end).toMatchObject({ outcome: 'joined', role: 'host', service: 'Open room', via: 'Reception' });
  });

  it('an unknown number is invalid and the caller may try again', async () => {
    const { prompts, end } = await simulate('8000', ',,,,,,9999#,,,,,,1002#1234#');
    expect(prompts.slice(0, 2)).toEqual(['reception.enter_number', 'reception.number_not_found']);
    expect(end).toMatchObject({ outcome: 'joined', service: 'Host only', role: 'host' });
  });

  it('three invalid numbers disconnect with number_invalid after the final message', async () => {
    const { prompts, end } = await simulate('8000', ',,,,,,9999#,,,,,,,9998#,,,,,,,#');
    expect(prompts.at(-1)).toBe('reception.invalid_final');
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'number_invalid', service: 'Reception', via: null });
  });

  it('no input at all disconnects with number_no_input after three timeouts', async () => {
    const { prompts, end } = await simulate('8000', '');
    expect(prompts).toEqual([
      'reception.enter_number',
      'reception.enter_number',
      'reception.enter_number',
      'reception.no_input',
    ]);
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'number_no_input' });
  });

  it('the inter-digit timeout ends a number entry', async () => {
    const { end, lines } = await simulate('8000', '1000');
    expect(end).toMatchObject({ outcome: 'joined', service: 'Open room' });
    const lookup = lines.find((line) => line.type === 'state' && line.state === 'lookup')!;
    expect(lookup.t).toBe(6);
  });

  it('never routes to another reception', async () => {
    const { prompts, end } = await simulate('8000', '8002#8002#8002#');
    expect(prompts).not.toContain('reception.please_hold');
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'number_invalid' });
  });

  it('applies match and replace: 4242 reaches meet.4242', async () => {
    const { end } = await simulate('8001', '4242#4242#');
    expect(end).toMatchObject({ outcome: 'joined', service: 'Meet room', via: 'Prefix reception', role: 'host' });
  });

  it('an entry that does not match is invalid, even if it is an alias', async () => {
    const { end } = await simulate('8001', '1000#1000#1000#');
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'number_invalid' });
  });

  it('looks numbers up in the domain the caller dialled', async () => {
    const viaDomain = await simulate('sip:8000@example.com', '1001#1234#');
    expect(viaDomain.end).toMatchObject({ outcome: 'joined', service: 'Host and guest' });
  });

  it('reads at most 20 digits and swallows a # right after them', async () => {
    const twenty = '1'.repeat(20);
    const { lines } = await simulate('8000', `${twenty}#`);
    const lookups = lines.filter((line) => line.type === 'state' && line.state === 'lookup');
    expect(lookups).toHaveLength(1);
  });

  it('ignores * and A-D in entries', async () => {
    const { end } = await simulate('8000', '10*0A1#1234#');
    expect(end).toMatchObject({ outcome: 'joined', service: 'Host and guest', role: 'host' });
  });

  it('a caller who hangs up ends the call with caller_hangup', async () => {
    const { end } = await simulate('8000', '10!');
    expect(end).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup', service: 'Reception' });
  });

  it('an unknown alias is rejected without answering', async () => {
    const { lines, end } = await simulate('9999', '');
    expect(lines).toHaveLength(1);
    expect(end).toMatchObject({ outcome: 'rejected', reason: 'unknown_alias', service: null, t: 0 });
  });
});
