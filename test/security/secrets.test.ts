import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { MemoryUsageLog } from '../../src/observability/index.js';
import { loadScenario, runScenario } from '../../src/simulator/index.js';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const DIR = join(FIXTURES, 'secrets');
const SCENARIO = join(DIR, 'scenario.yaml');
/** Every PIN and every guess keyed in the scenario. */
const SECRETS = [...new Set([...readFileSync(SCENARIO, 'utf8').matchAll(/\b\d{6}\b/g)].map((match) => match[0]))];

/** Where a secret shows in `text`, if it does: with a little context, for the failure message. */
function leaks(text: string): string[] {
  return SECRETS.flatMap((secret) => {
    const at = text.indexOf(secret);
    return at < 0 ? [] : [`${secret}: …${text.slice(Math.max(0, at - 80), at + 40)}…`];
  });
}

describe('PIN digits never appear in anything Foyer writes', () => {
  it('has secrets to look for', () => {
    expect(SECRETS).toEqual(expect.arrayContaining(['739146', '582063', '918273', '465091']));
  });

  it('the application log (every level), the usage log and the transcript of a whole PIN scenario', async () => {
    const appLog: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => appLog.push(line) });
    let usage: MemoryUsageLog | undefined;
    const bundle = loadBundle({ ...DEFAULTS, servicesFile: join(DIR, 'services.yaml') });
    const result = await runScenario({
      bundle,
      scenario: loadScenario(SCENARIO),
      logger,
      usage: (now) => (usage = new MemoryUsageLog(now)),
    });
    // The scenario did what it says: people got in, and the guesser was blocked.
    const ends = new Map([...result.records].map(([caller, record]) => [caller, record]));
    expect(ends.get('ahead')).toMatchObject({ admitted: true, role: 'host', via: 'Reception' });
    expect(ends.get('prompt')).toMatchObject({ admitted: true, role: 'guest' });
    expect(ends.get('retry')).toMatchObject({ admitted: true, role: 'host' });
    expect(ends.get('g4')).toMatchObject({ reason: 'source_blocked' });
    expect(ends.get('g5')).toMatchObject({ outcome: 'rejected', reason: 'source_blocked' });
    expect(usage!.records.filter((record) => record.type === 'pin_attempt').length).toBeGreaterThan(15);
    expect(usage!.records.some((record) => record.type === 'block')).toBe(true);
    expect(appLog.length).toBeGreaterThan(10);

    expect(leaks(appLog.join(''))).toEqual([]);
    expect(leaks(JSON.stringify(usage!.records))).toEqual([]);
    expect(leaks(JSON.stringify(result.lines))).toEqual([]);
    // Keys of a PIN show as x, so no run of shown digits spells one either.
    const shown = new Map<string, string>();
    for (const { line } of result.lines)
      if (line.type === 'dtmf') shown.set(line.caller, (shown.get(line.caller) ?? '') + line.digit);
    expect(leaks([...shown.values()].join('|'))).toEqual([]);
  });

  it("foyer simulate's output, JSON and text, with the usage log and a trace log", async () => {
    for (const format of [['--json'], []]) {
      const run = await runCli(
        'simulate',
        '--scenario',
        SCENARIO,
        '--log-level',
        'trace',
        '--usage-log',
        'stdout',
        ...format,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"type":"call_ended"');
      expect(leaks(run.stdout)).toEqual([]);
      expect(leaks(run.stderr)).toEqual([]);
    }
    const digits = jsonLines((await runCli('simulate', '--scenario', SCENARIO, '--json')).stdout).filter(
      (line) => line.type === 'dtmf',
    );
    expect(leaks(digits.map((line) => line.digit).join(''))).toEqual([]);
  });

  it('errors about a PIN name the field, never the value', async () => {
    const run = await runCli('check', join(DIR, 'bad-services.yaml'));
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/host_pin/);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });
});
