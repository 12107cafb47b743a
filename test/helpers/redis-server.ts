import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server this test file started on a free loopback port. */
export interface TestRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` on a free port of 127.0.0.1, with no persistence, in a
 * temporary folder. Resolves undefined (after one console line saying why) where it cannot start,
 * so the Redis half of a suite is skipped there and nowhere else.
 */
export async function startTestRedis(): Promise<TestRedis | undefined> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'foyer-redis-'));
  let child: ChildProcess;
  try {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    skipped(`cannot run redis-server (${(error as Error).message})`);
    return undefined;
  }
  const ready = await new Promise<string | undefined>((resolve) => {
    let output = '';
    const timer = setTimeout(
      () => resolve(`no "Ready to accept connections" within 10 s: ${output.slice(-300)}`),
      10_000,
    );
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(
        error.code === 'ENOENT'
          ? 'redis-server is not installed (Debian package redis-server; .ci/run installs it)'
          : error.message,
      );
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited with ${code}: ${output.slice(-300)}`);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  if (ready !== undefined) {
    child.kill('SIGKILL');
    skipped(ready);
    return undefined;
  }
  child.removeAllListeners('exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function skipped(why: string): void {
  console.warn(`REDIS TESTS SKIPPED: ${why}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
