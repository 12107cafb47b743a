import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

const ROOM = readFileSync(join(DEFAULTS.flowsDir, 'room.yaml'), 'utf8');

/** Checks a copy of the shipped room flow with `edit` applied. */
async function checkRoom(edit: (yaml: string) => string) {
  const dir = join(mkdtempSync(join(tmpdir(), 'foyer-room-')), 'flows');
  mkdirSync(dir);
  const file = join(dir, 'room.yaml');
  const yaml = edit(ROOM);
  writeFileSync(file, yaml);
  const run = await runCli('check', file);
  const lineOf = (text: string) => yaml.split('\n').findIndex((line) => line.includes(text)) + 1;
  return { ...run, file, lineOf, lines: run.stdout.trim().split('\n') };
}

describe('foyer check on a room flow: file:line for each mistake', () => {
  it('the shipped room flow passes', async () => {
    const run = await checkRoom((yaml) => yaml);
    expect(run.stdout).toBe('ok: 1 flow\n');
    expect(run.code).toBe(0);
  });

  it('an unknown action, a bad target and an unreachable state', async () => {
    const run = await checkRoom((yaml) =>
      yaml
        .replace('actions: tellHostLeft', 'actions: tellHostsLeft')
        .replace('entry: tellHostLeft', 'entry: tellHostsLeft')
        .replace('      - target: guestsOnly', '      - target: guestOnly')
        .replace('  ended:\n', '  forgotten:\n    always: ended\n  ended:\n'),
    );
    expect(run.code).toBe(1);
    expect(run.lines).toEqual(
      expect.arrayContaining([
        `${run.file}:${run.lineOf('entry: tellHostsLeft')}: unknown action "tellHostsLeft"; did you mean "tellHostLeft"?`,
        expect.stringMatching(
          new RegExp(`^${run.file}:${run.lineOf('target: guestOnly')}: unknown target state "guestOnly"`),
        ),
        expect.stringMatching(
          new RegExp(`^${run.file}:${run.lineOf('  forgotten:')}: state "forgotten" is unreachable`),
        ),
      ]),
    );
  });
});
