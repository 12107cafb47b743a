import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * In a process of its own: vitest treats any unhandled rejection in its workers as a failure, and
 * what is tested is that the process lives on.
 */
const script = `
import { Registry } from 'prom-client';
import { createLogger, surviveUnhandledRejections } from './src/observability/index.ts';
const registry = new Registry();
surviveUnhandledRejections(createLogger({ level: 'info', format: 'json' }), registry);
// As drachtio-fsmrf does on its connection timeout: a BYE whose failure nobody waits for.
Promise.reject(Object.assign(new Error('unable to find dialog for dialog id provided'), { code: 'ENODIALOG' }));
setTimeout(async () => {
  console.log('still serving; counted ' + (await registry.getSingleMetricAsString('foyer_unhandled_rejections_total')).split('\\n').pop());
}, 50);
`;

describe('a rejection no code handles, while Foyer serves calls', () => {
  it('is logged with its cause and counted, and the process (with every other call) goes on', () => {
    const run = spawnSync(process.execPath, ['--import', './bin/typescript.js', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('still serving; counted foyer_unhandled_rejections_total 1');
    const logged = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event?: string; err?: { message?: string; code?: string } });
    expect(logged.find((line) => line.event === 'unhandled_rejection')?.err).toMatchObject({
      message: 'unable to find dialog for dialog id provided',
      code: 'ENODIALOG',
    });
  });
});
