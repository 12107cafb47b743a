import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import { MediaServerConnection } from '../../src/telephony/index.js';
import { FakeMediaServer } from './doubles.js';

const SWITCH_CONF = 'xml_locate configuration configuration name switch.conf';
const servers: Server[] = [];
const connections: MediaServerConnection[] = [];

afterEach(async () => {
  connections.splice(0).forEach((connection) => connection.stop());
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Something listening where the event socket would be (the connection probes the port first). */
async function listening(): Promise<number> {
  const server = createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function connectTo(answers: Record<string, string>, checks?: 'enforce' | 'warn') {
  const server = new FakeMediaServer();
  server.apiImpl = (command) => Promise.resolve(answers[command] ?? 'true');
  const connection = new MediaServerConnection({
    host: '127.0.0.1',
    port: await listening(),
    secret: 'ClueCon',
    listenAddress: '127.0.0.1',
    mrf: { connect: () => Promise.resolve(server) },
    logger: silentLogger,
    conferenceProfile: 'foyer',
    ...(checks && { checks }),
  });
  connections.push(connection);
  connection.start();
  // Waits on the loopback socket and the checks' answers, not on time.
  await vi.waitFor(() => expect(['connected', 'degraded', 'unusable']).toContain(connection.state));
  return connection;
}

describe('FreeSWITCH connection checks', () => {
  it('takes calls once nothing is missing', async () => {
    const connection = await connectTo({});
    expect(connection.state).toBe('connected');
    expect(connection.current).toBeDefined();
    expect(connection.problems).toEqual([]);
  });

  it('is degraded, and still takes calls, with a problem that does not break them', async () => {
    const connection = await connectTo({
      [SWITCH_CONF]:
        '<configuration name="switch.conf"><settings><param name="loglevel" value="debug"/></settings></configuration>',
    });
    expect(connection.state).toBe('degraded');
    expect(connection.current).toBeDefined();
    expect(connection.problems.map((problem) => problem.setting)).toEqual(['loglevel']);
  });

  it('takes no calls without what they need, unless told to', async () => {
    const answers = { 'module_exists mod_sndfile': 'false' };
    const refusing = await connectTo(answers);
    expect(refusing.state).toBe('unusable');
    expect(refusing.current).toBeUndefined();
    const warned = await connectTo(answers, 'warn');
    expect(warned.state).toBe('degraded');
    expect(warned.current).toBeDefined();
  });
});
