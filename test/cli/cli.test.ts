import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { tempFile } from '../helpers/files.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'foyer.js');

function foyer(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, ...env },
    cwd: PACKAGE_ROOT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the foyer command', () => {
  it("README's simulate command joins the sample room through the sample reception with the embedded defaults", () => {
    const run = foyer(['simulate', '--to', '8000', '--keys', '1001#1234#', '--json']);
    expect(run.code).toBe(0);
    const end: unknown = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(end).toMatchObject({
      type: 'end',
      outcome: 'joined',
      reason: 'admitted',
      service: "Alice's room",
      via: 'Reception',
      role: 'host',
    });
    expect(run.stdout).not.toContain('1234');
  });

  it('reads a key script from standard input when --keys is not given', () => {
    const run = foyer(['simulate', '--to', '1002', '--json'], '1234#\n');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'joined', role: 'host' });
  });

  it('FOYER_SERVICES picks another services file', () => {
    const services = tempFile('services.yaml', 'services:\n  - name: Only\n    type: vmr\n    aliases: ["42"]\n');
    const run = foyer(['simulate', '--to', '42', '--json'], '', { FOYER_SERVICES: services });
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'joined', service: 'Only' });
  });

  it('usage errors exit 2 with a message', () => {
    expect(foyer(['simulate', '--keys', '1#']).code).toBe(2);
    const bad = foyer(['simulate', '--to', '8000', '--keys', '12x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"x" at position 3 is not a key');
    expect(foyer(['simulate', '--to', '8000', '--bogus']).code).toBe(2);
  });

  it('a broken services file exits 1 naming file and line', () => {
    const services = tempFile(
      'services.yaml',
      'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n    host_pin: "12"\n',
    );
    const run = foyer(['simulate', '--to', '1', '--keys', '', '--services', services]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${services}:5: service "A": host_pin must be 4 to 20 digits`);
  });

  it('check passes on the shipped files', () => {
    const run = foyer(['check']);
    expect(run.stdout).toMatch(/^ok: /);
    expect(run.code).toBe(0);
  });
});
