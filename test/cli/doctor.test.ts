import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('foyer doctor', () => {
  it('says what it cannot reach, what to set, and exits 1', async () => {
    const port = await closedPort();
    const run = await runCli(
      'doctor',
      '--drachtio',
      `127.0.0.1:${port}:cymru`,
      '--freeswitch',
      `127.0.0.1:${port}:ClueCon`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAIL  drachtio-server  cannot reach its admin port at 127.0.0.1:${port}: connection refused`,
    );
    expect(run.stdout).toContain('fix: start drachtio-server, or set FOYER_DRACHTIO (--drachtio, drachtio)');
    expect(run.stdout).toContain(`FAIL  FreeSWITCH       cannot reach its event socket at 127.0.0.1:${port}`);
    expect(run.stdout).toContain('FAIL  test call        not placed: it needs both drachtio-server and FreeSWITCH');
  });
});
