import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

const ownServices = () =>
  tempFile('services.yaml', 'services:\n  - name: Room\n    type: vmr\n    aliases: ["1001"]\n');

/** Runs `foyer ARGS` as its own process, as systemd or Docker would; resolves with how it ended. */
function runProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/foyer.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A process that is still running after this long has hung (the defect this guards against).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`foyer ${args.join(' ')} did not exit: ${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

describe('foyer start refuses what it cannot run, naming the flag, variable or config key', () => {
  it('a usage log in a folder that does not exist: exit 1 naming the path and the cause, before anything runs', async () => {
    const run = await runCli('start', '--services', ownServices(), '--usage-log', '/nonexistent/foyer/usage.jsonl');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'usage log /nonexistent/foyer/usage.jsonl cannot be opened for appending: its folder does not exist',
    );
    expect(run.stderr).toContain('--usage-log, FOYER_USAGE_LOG or config key usage_log');
    expect(run.stderr).not.toContain('Foyer running');
  });

  it('simulate with a usage log that cannot be opened: exit 1 with the same message, no stack trace', async () => {
    const run = await runCli('simulate', '--to', '1001', '--keys', '1234#', '--usage-log', '/nonexistent/u.jsonl');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('usage log /nonexistent/u.jsonl cannot be opened for appending');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a wrong flag is a usage error (exit 2) naming the flag and its other names', async () => {
    const loud = await runCli('start', '--services', ownServices(), '--log-level', 'loud');
    expect(loud.code).toBe(2);
    expect(loud.stderr).toContain('--log-level loud: must be one of trace, debug, info, warn, error, fatal, silent');
    expect(loud.stderr).toContain('FOYER_LOG_LEVEL, config file key log_level');
    const drachtio = await runCli('start', '--services', ownServices(), '--drachtio', 'garbage');
    expect(drachtio.code).toBe(2);
    expect(drachtio.stderr).toContain('--drachtio garbage: must be host:port:secret');
    expect(drachtio.stderr).not.toContain('FOYER_DRACHTIO:');
    const port = await runCli('start', '--services', ownServices(), '--http-port', '70000');
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--http-port 70000: must be a whole number from 0 to 65535');
  });

  it('a wrong environment variable is a configuration error (exit 1) naming the variable; secrets stay hidden', async () => {
    const run = await withEnv({ FOYER_LOG_LEVEL: 'loud' }, () => runCli('start', '--services', ownServices()));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FOYER_LOG_LEVEL=loud: must be one of');
    const secret = await withEnv({ FOYER_FREESWITCH: 'fs.example.com:eighty:TopSecret' }, () =>
      runCli('start', '--services', ownServices()),
    );
    expect(secret.code).toBe(1);
    expect(secret.stderr).toContain('FOYER_FREESWITCH=fs.example.com:eighty:…: must be host:port:secret');
    expect(secret.stderr).not.toContain('TopSecret');
  });

  it('a wrong value in the config file names the file, line and key', async () => {
    const config = tempFile('foyer.yaml', 'log_level: info\ndrachtio: nowhere\n');
    const run = await runCli('--config', config, 'start', '--services', ownServices());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${config}:2: drachtio: must be host:port:secret`);
  });

  it('the embedded demo services (PIN 1234) are refused outside simulation unless allowed', async () => {
    const run = await runCli('start', '--telephony', 'freeswitch');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is the embedded demo (rooms with PIN 1234)');
    expect(run.stderr).toContain(
      '--allow-demo-services (FOYER_ALLOW_DEMO_SERVICES=true, config key allow_demo_services: true)',
    );
    const copy = tempFile('services.yaml', readDemo());
    const copied = await runCli('start', '--services', copy, '--telephony', 'freeswitch');
    expect(copied.code, 'a copy of the demo is the demo').toBe(1);
    // Embedded telephony reachable from other machines is as open as FreeSWITCH.
    const exposed = await runCli('start', '--sip', '0.0.0.0:5060');
    expect(exposed.code).toBe(1);
    expect(exposed.stderr).toContain('is the embedded demo (rooms with PIN 1234)');
  });
});

function readDemo(): string {
  return readFileSync(join(PACKAGE_ROOT, 'src/config/services.yaml'), 'utf8');
}

describe('foyer start with its HTTP port taken exits instead of hanging', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('exits 1 naming the port and the setting, having released what it opened', async () => {
    const run = await runProcess(['start', '--allow-demo-services', '--http-port', String(port)], {
      FOYER_LOG_FORMAT: 'json',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `HTTP port ${port} on 127.0.0.1 cannot be used: another process is listening on it (set by --http-port, FOYER_HTTP_PORT or config key http_port)`,
    );
    expect(run.stderr).not.toContain('Foyer running');
  }, 120_000);
});
