import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * README's quick start, as a newcomer runs it: `npx foyer start` on a fresh clone (no servers, the
 * demo services, embedded telephony on loopback) answers `npx foyer dial` from a second terminal.
 */
describe('quick start: foyer start answers foyer dial with nothing else installed', () => {
  let foyer: ChildProcess | undefined;
  let log = '';
  afterAll(() => {
    foyer?.kill('SIGTERM');
  });

  /** Starts `foyer start` on a free SIP port; resolves with the address it says it answers on. */
  function start(): Promise<string> {
    return new Promise((resolve, reject) => {
      foyer = spawn(
        process.execPath,
        [join(PACKAGE_ROOT, 'bin/foyer.js'), 'start', '--sip', '127.0.0.1:0', '--http-port', '0'],
        {
          env: { ...process.env, FOYER_LOG_FORMAT: 'json' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        const address = /answering SIP myself on (127\.0\.0\.1:\d+)/.exec(log)?.[1];
        if (address) resolve(address);
      };
      foyer.stdout?.on('data', read);
      foyer.stderr?.on('data', read);
      foyer.on('exit', (code) => reject(new Error(`foyer start exited ${code}: ${log}`)));
    });
  }

  it('a caller dials the reception, keys room 1001 and its host PIN, hears the prompts and is admitted', async () => {
    const address = await start();
    const dial = await runCli('dial', '8000', '--keys', '1001#1234#', '--to', address);
    expect(dial.code).toBe(0);
    expect(dial.stdout).toContain('200 OK');
    const heard = /heard ([\d.]+) s, of which ([\d.]+) s sound/.exec(dial.stdout);
    expect(Number(heard?.[2])).toBeGreaterThan(2);
    expect(log).toMatch(
      /"event":"ivr_ended","outcome":"joined","reason":"admitted","service":"Alice's room","via":"Reception","role":"host"/,
    );
  }, 60_000);
});
