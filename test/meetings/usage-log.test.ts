import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryUsageLog } from '../../src/observability/index.js';
import { loadScenario, runScenario } from '../../src/simulator/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

describe('usage log', () => {
  it('records a whole meeting: instance, participants, PIN attempts, and one call_ended per call, with no PIN digits', async () => {
    let usage: MemoryUsageLog | undefined;
    const scenario = loadScenario(join(FIXTURES, 'scenarios', 'usage.yaml'));
    await runScenario({ bundle: testBundle(), scenario, usage: (now) => (usage = new MemoryUsageLog(now)) });
    const records = usage!.records;
    const ofType = (type: string) => records.filter((record) => record.type === type);

    expect(ofType('instance_started')).toHaveLength(1);
    expect(ofType('instance_ended')).toHaveLength(1);
    expect(ofType('instance_started')[0]).toMatchObject({ service: 'Host and guest', service_tag: 'tests' });
    expect(
      ofType('participant_joined')
        .map((record) => record.call_id)
        .sort(),
    ).toEqual(['guest', 'host']);
    expect(
      ofType('participant_left')
        .map((record) => [record.call_id, record.reason])
        .sort(),
    ).toEqual([
      ['guest', 'caller_hangup'],
      ['host', 'caller_hangup'],
    ]);

    const attempts = ofType('pin_attempt').map((record) => [record.call_id, record.result]);
    expect(attempts).toEqual(
      expect.arrayContaining([
        ['host', 'good'],
        ['guest', 'bad'],
        ['guest', 'good'],
        ['guesser', 'bad'],
      ]),
    );
    expect(attempts.filter(([id]) => id === 'guesser')).toHaveLength(3);

    const ended = new Map(ofType('call_ended').map((record) => [record.call_id, record]));
    expect([...ended.keys()].sort()).toEqual(['guesser', 'guest', 'host', 'quitter', 'stranger']);
    expect(ended.get('host')).toMatchObject({
      outcome: 'hangup',
      reason: 'caller_hangup',
      admitted: true,
      service: 'Host and guest',
      service_tag: 'tests',
      via: 'Reception',
      role: 'host',
      duration_s: 100,
    });
    expect(ended.get('stranger')).toMatchObject({
      outcome: 'rejected',
      reason: 'unknown_alias',
      admitted: false,
      service: null,
      source: '192.0.2.3',
    });
    expect(ended.get('guesser')).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid', admitted: false });
    expect(ended.get('quitter')).toMatchObject({
      outcome: 'hangup',
      reason: 'caller_hangup',
      admitted: false,
      service: 'Reception',
    });
    for (const record of records) expect(record.time).toMatch(/^2026-01-01T/);

    const text = JSON.stringify(records);
    for (const pin of ['1234', '5678', '9999', '1111', '2222', '3333']) expect(text).not.toContain(pin);
  });

  it('FOYER_USAGE_LOG (or --usage-log) writes JSON lines to a file', async () => {
    const file = tempFile('usage.jsonl', '');
    const run = await runCli(
      'simulate',
      '--scenario',
      join(FIXTURES, 'scenarios', 'usage.yaml'),
      '--json',
      '--usage-log',
      file,
    );
    expect(run.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.filter((line) => line.type === 'call_ended')).toHaveLength(5);
  });
});
