import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines, runCli } from '../helpers/cli.js';

type Line = Record<string, unknown>;

async function scenario(name: string) {
  const run = await runCli('simulate', '--scenario', join(FIXTURES, 'scenarios', 'security', `${name}.yaml`), '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = jsonLines(run.stdout);
  const ends = new Map(lines.filter((line) => line.type === 'end').map((line) => [line.caller as string, line]));
  const blocks = lines.filter((line) => line.type === 'block');
  /** What the caller heard and did: prompts and keys, with times relative to the call's start. */
  const heard = (caller: string) => {
    const own = lines.filter((line) => line.caller === caller && (line.type === 'prompt' || line.type === 'dtmf'));
    const first = lines.find((line) => line.caller === caller)?.t;
    const start = typeof first === 'number' ? first : 0;
    return own.map((line: Line) => [Math.round(((line.t as number) - start) * 1000), line.type, line.id ?? line.digit]);
  };
  return { lines, ends, blocks, heard };
}

describe('abuse resistance through foyer simulate --scenario', () => {
  it('more than 20 wrong PINs from many sources block the room; a source that knew the PIN still gets in', async () => {
    const { ends, blocks, heard } = await scenario('room-blocked');
    for (const guesser of ['guess1', 'guess6', 'guess7'])
      expect(ends.get(guesser)).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid' });
    expect(blocks[0]).toMatchObject({
      event: 'blocked',
      kind: 'room',
      subject: 'Host only',
      reason: 'pin_guessing',
      seconds: 600,
      caller: 'guess7',
    });
    // A newcomer with the right PIN is refused as an unknown number is: never answered.
    expect(ends.get('newcomer')).toMatchObject({ outcome: 'rejected', reason: 'room_blocked', admitted: false });
    expect(ends.get('stranger')).toMatchObject({ outcome: 'rejected', reason: 'unknown_alias' });
    expect(heard('newcomer')).toEqual(heard('stranger'));
    // Through the reception, the room's number is "not valid", exactly as a number that does not exist.
    expect(ends.get('via-reception')).toMatchObject({
      outcome: 'disconnected',
      reason: 'number_invalid',
      admitted: false,
    });
    expect(heard('via-reception').find((entry) => entry[1] === 'prompt')).toEqual([
      1250,
      'prompt',
      'reception.number_not_found',
    ]);
    // The caller who entered the PIN before, from the same source, gets in during the block.
    expect(ends.get('regular-again')).toMatchObject({ admitted: true, role: 'host' });
    expect(blocks[1]).toMatchObject({
      event: 'unblocked',
      kind: 'room',
      how: 'expired',
      t: (blocks[0]!.t as number) + 600,
    });
    expect(ends.get('after-block')).toMatchObject({ admitted: true, role: 'host' });
  });

  it('a single source is blocked after more than 10 wrong PINs, without the room being blocked for others', async () => {
    const { ends, blocks, heard } = await scenario('source-blocked');
    expect(blocks[0]).toMatchObject({
      event: 'blocked',
      kind: 'source',
      subject: '198.51.100.7',
      reason: 'pin_guessing',
      seconds: 600,
      caller: 'guess4',
    });
    // Its twelfth entry, the right PIN, is judged wrong: the caller hears what three wrong PINs get.
    expect(ends.get('guess4')).toMatchObject({ outcome: 'disconnected', reason: 'source_blocked', admitted: false });
    expect(heard('guess4')).toEqual(heard('guess3'));
    expect(ends.get('guess5')).toMatchObject({ outcome: 'rejected', reason: 'source_blocked' });
    expect(ends.get('host')).toMatchObject({ admitted: true, role: 'host' });
    expect(blocks.filter((block) => block.kind === 'room')).toEqual([]);
    expect(ends.get('after-block')).toMatchObject({ admitted: true, role: 'host' });
  });

  it('a scanner is blocked after more than 20 unknown aliases, or invalid numbers at a reception', async () => {
    const { ends, blocks } = await scenario('scanner');
    expect(blocks.filter((block) => block.event === 'blocked')).toEqual([
      expect.objectContaining({
        kind: 'source',
        subject: '198.51.100.66',
        reason: 'scanning',
        caller: 'dial21',
        seconds: 600,
      }),
      expect.objectContaining({
        kind: 'source',
        subject: '198.51.100.77',
        reason: 'scanning',
        caller: 'keys7',
        seconds: 600,
      }),
    ]);
    expect(ends.get('dial21')).toMatchObject({ outcome: 'rejected', reason: 'unknown_alias' });
    // An existing room is refused too once the source is blocked.
    expect(ends.get('dial22')).toMatchObject({ outcome: 'rejected', reason: 'source_blocked' });
    expect(ends.get('keys8')).toMatchObject({ outcome: 'rejected', reason: 'source_blocked' });
    expect(ends.get('later')).toMatchObject({ admitted: true, via: 'Reception' });
  });

  it("a scanner's user agent is refused at once, whatever it dials", async () => {
    const { ends, blocks, lines } = await scenario('scanner-ua');
    for (const scanner of ['friendly', 'vicious', 'vax'])
      expect(ends.get(scanner)).toMatchObject({
        outcome: 'rejected',
        reason: 'scanner_ua',
        t: lines.find((line) => line.caller === scanner)!.t,
      });
    expect(ends.get('phone')).toMatchObject({ admitted: true });
    expect(blocks).toEqual([]);
  });

  it('callers behind a trusted proxy are counted separately', async () => {
    const { ends, blocks } = await scenario('trusted-proxy');
    expect(blocks[0]).toMatchObject({ event: 'blocked', kind: 'source', subject: '203.0.113.66' });
    expect(ends.get('guess5')).toMatchObject({ outcome: 'rejected', reason: 'source_blocked' });
    expect(ends.get('colleague')).toMatchObject({ admitted: true, role: 'host' });
    expect(ends.get('carol')).toMatchObject({ admitted: true, role: 'host' });
  });
});
