import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS, PACKAGE_ROOT } from '../../src/config/index.js';
import { flowKind } from '../../src/flows/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

/** A copy of the shipped flows and prompts that a test may break. */
function workspace(): { root: string; flows: string; prompts: string } {
  const root = mkdtempSync(join(tmpdir(), 'foyer-everything-'));
  cpSync(DEFAULTS.flowsDir, join(root, 'flows'), { recursive: true });
  cpSync(DEFAULTS.promptsDir, join(root, 'prompts'), { recursive: true });
  return { root, flows: join(root, 'flows'), prompts: join(root, 'prompts') };
}

async function check(...args: string[]) {
  const run = await runCli('check', ...args);
  return { ...run, lines: run.stdout.trim().split('\n') };
}

describe('foyer check reports every problem it can find in one run', () => {
  it('a services file: schema errors, the rules between fields and a missing theme, all at once', async () => {
    const file = tempFile(
      'services.yaml',
      [
        'services:',
        '  - name: Room',
        '    type: vmr',
        '    aliases: ["1001"]',
        '    participant_limit: many', // schema
        '    guests_only_timeout: soon', // schema
        '    allow_guest: true', // schema (unknown field)
        '    guest_pin: "5678"', // needs a host_pin, and allow_guests
        '    theme: nosuch', // no such theme
        '  - name: Other',
        '    type: vmr',
        '    aliases: ["1002"]',
        '    host_pin: 1234', // unquoted
        '    guest_pin: "1234"', // same as the host PIN
        '    allow_guests: true',
        '',
      ].join('\n'),
    );
    const run = await check('--services', file);
    expect(run.code).toBe(1);
    const messages = run.lines.filter((line) => line.startsWith(file)).map((line) => line.slice(file.length + 1));
    expect(messages).toEqual([
      '5: service "Room": participant_limit must be a whole number',
      '6: service "Room": guests_only_timeout must be a number of seconds (0: at once)',
      '7: service "Room": unknown field "allow_guest"; did you mean "allow_guests"?',
      '8: service "Room": guest_pin needs a host_pin (without a host PIN everyone joins as host)',
      '8: service "Room": guest_pin needs allow_guests: true',
      `9: service "Room": theme "nosuch" does not exist in ${DEFAULTS.promptsDir} (themes: base, friendly)`,
      '13: service "Other": host_pin must be quoted: put its digits in quotes, as in host_pin: "<digits>"; unquoted, YAML reads a number',
      '14: service "Other": host_pin and guest_pin must differ',
    ]);
  });

  it('a flow: an unknown action does not hide the states no caller can reach, nor those that never end', async () => {
    const { flows } = workspace();
    const file = join(flows, 'pin-entry.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('entry: [takeEntry, checkPin]', 'entry: [takeEntry, checkPins]')
      .replace(/\n {2}sayingNoInput:/, '\n  orphan:\n    after: { 1000: orphan }\n  sayingNoInput:');
    writeFileSync(file, text);
    const run = await check(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unknown action "checkPins"; did you mean "checkPin"?');
    expect(run.stdout).toContain('state "orphan" is unreachable');
  });

  it('broken flows do not hide the prompts: a used prompt without audio is still reported', async () => {
    const { flows, prompts } = workspace();
    writeFileSync(join(flows, 'pin-entry.yaml'), 'initial: nowhere\nstates: {}\n');
    rmSync(join(prompts, 'base', 'de-DE', 'pin.invalid.wav'));
    const run = await check('--flows', flows, '--prompts', prompts);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${join(flows, 'pin-entry.yaml')}:`);
    expect(run.stdout).toContain(`audio ${join(prompts, 'base', 'de-DE', 'pin.invalid.wav')} is missing`);
  });
});

describe("a service runs a flow of its own kind (a room's flow admits, a reception's hands off)", () => {
  it('the kinds come from how the flows end', () => {
    const kind = (name: string) =>
      flowKind(YamlSource.read(join(DEFAULTS.flowsDir, `${name}.yaml`)).data as Record<string, unknown>);
    expect(kind('virtual-reception')).toBe('reception');
    expect(kind('pin-entry')).toBe('room');
  });

  const services = tempFile(
    'services.yaml',
    [
      'services:',
      '  - name: Room',
      '    type: vmr',
      '    aliases: ["1001"]',
      '    flow: virtual-reception',
      '  - name: Lobby',
      '    type: reception',
      '    aliases: ["8000"]',
      '    flow: pin-entry',
      '',
    ].join('\n'),
  );

  it('foyer check refuses both, with file and line', async () => {
    const run = await check('--services', services);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `${services}:5: service "Room": flow "virtual-reception" is a reception flow (it ends in handoff, passing the caller on to a room); a room (vmr) needs a room flow such as pin-entry`,
      `${services}:9: service "Lobby": flow "pin-entry" is a room flow (it ends joined, admitting the caller); a reception needs a reception flow such as virtual-reception`,
    ]);
  });

  it('the loader refuses it too, so foyer start and a reload never run it', () => {
    expect(() => loadBundle({ ...DEFAULTS, servicesFile: services })).toThrow(
      /flow "virtual-reception" is a reception flow/,
    );
  });
});

describe('foyer check FILE says what kind of file it expected', () => {
  it('README.md is not a services file', async () => {
    const run = await check(join(PACKAGE_ROOT, 'README.md'));
    expect(run.code).toBe(1);
    // A file inside the working folder is named as the user would type it.
    expect(run.lines).toEqual([
      `${relative(process.cwd(), join(PACKAGE_ROOT, 'README.md'))}: not a file foyer check knows: give a flow (YAML with states:, or under flows/), a prompt catalogue (prompts.yaml) or a services file (YAML with services:)`,
    ]);
    expect(run.stderr).toBe('1 error\n');
  });
});

describe('smaller things a designer trips on', () => {
  it('a YAML syntax error is reported on the line where it was made', async () => {
    const quote = tempFile('services.yaml', 'services:\n  - name: "Room\n    type: vmr\n    aliases: ["1"]\n');
    expect((await check(quote)).lines[0]).toBe(`${quote}:2: YAML syntax: Missing closing "quote`);
    const bracket = tempFile(
      'services.yaml',
      'services:\n  - name: Room\n    type: vmr\n    aliases: ["1"\n    host_pin: "1234"\n',
    );
    expect((await check(bracket)).lines[0]).toMatch(new RegExp(`^${bracket}:4: YAML syntax: `));
  });

  it('the hint for an unquoted PIN never shows a PIN, and mentions leading zeros only when they are lost', async () => {
    const room = (pin: string) =>
      tempFile('services.yaml', `services:\n  - name: Room\n    type: vmr\n    aliases: ["1"]\n    host_pin: ${pin}\n`);
    const plain = await check(room('4321'));
    expect(plain.lines[0]).toContain('host_pin must be quoted: put its digits in quotes, as in host_pin: "<digits>"');
    expect(plain.stdout).not.toMatch(/4321|0123/);
    const zero = await check(room('0042'));
    expect(zero.lines[0]).toContain('unquoted, YAML reads a number and drops its leading zeros');
    expect(zero.stdout).not.toContain('0042');
  });

  it('a scenario with an unquoted alias says to quote it, and a misspelled field says which was meant', async () => {
    const scenario = tempFile('scenario.yaml', 'callers:\n  - id: alice\n    to: 1001\n    keyz: "1234#"\n');
    const run = await runCli('simulate', '--scenario', scenario);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${scenario}:3: callers.0.to: must be quoted text, as in to: "1001"`);
    expect(run.stderr).toContain(`${scenario}:4: callers.0: unknown field "keyz"; did you mean "keys"?`);
    expect(run.stderr).not.toContain('to is required');
  });

  it('a misspelled config key says which was meant', async () => {
    const config = tempFile('foyer.yaml', 'log_levle: debug\n');
    const run = await runCli('--config', config, 'check');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${config}:1: unknown field "log_levle"; did you mean "log_level"?`);
  });
});
