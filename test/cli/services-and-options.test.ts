import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { SETTINGS } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

describe('foyer --version, services and resolve', () => {
  it('--version prints the version from package.json', async () => {
    const run = await runCli('--version');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^foyer \d+\.\d+\.\d+\n$/);
  });

  it('services lists every service with its aliases and how callers get in, never a PIN', async () => {
    const run = await runCli('services');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Alice's room (vmr): 1001, meet.alice, meet.alice@example.com; flow pin-entry; host PIN or guest PIN\n",
    );
    expect(run.stdout).toContain('Open room (vmr): 1000, meet.open; flow pin-entry; no PIN: everyone joins as host\n');
    expect(run.stdout).not.toMatch(/1234|5678|2468|1357|4242"/);
    const json = await runCli('services', '--json');
    const first = JSON.parse(json.stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ name: 'Reception', type: 'reception', aliases: ['8000', 'reception'] });
    expect(json.stdout).not.toMatch(/pin"\s*:/i);
  });

  it('resolve says which service an alias reaches and why', async () => {
    const direct = await runCli('resolve', 'sip:meet.alice@example.com');
    expect(direct.code).toBe(0);
    expect(direct.stdout).toBe(
      'sip:meet.alice@example.com reaches Alice\'s room (vmr) directly: its alias "meet.alice@example.com"; host PIN or guest PIN\n',
    );
    const viaReception = await runCli('resolve', '4242');
    expect(viaReception.stdout).toBe(
      '4242 keyed at Meet reception (8001) reaches Room 4242 (vmr), rewritten to meet.4242; host PIN required\n',
    );
    const both = await runCli('resolve', '1001');
    expect(both.stdout.trim().split('\n')).toEqual([
      '1001 reaches Alice\'s room (vmr) directly: its alias "1001"; host PIN or guest PIN',
      "1001 keyed at Reception (8000) reaches Alice's room (vmr); host PIN or guest PIN",
    ]);
    const nothing = await runCli('resolve', '1010');
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toBe(
      '1010 reaches nothing: a caller who dials it gets 404 (rejected, unknown_alias); did you mean 1000, 1001?\n',
    );
  });

  it('simulate --to an unknown alias says so and suggests near aliases', async () => {
    const run = await runCli('simulate', '--to', '1010', '--keys', '1234#');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('end     rejected (unknown_alias)');
    expect(run.stderr).toBe(
      'foyer: no service has the alias "1010"; did you mean 1000, 1001? (foyer services lists them)\n',
    );
  });
});

/** Every command, with its subcommands. */
function commands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commands)];
}

describe('one command line: the same flags everywhere, each saying where else it can be set', () => {
  const program = buildProgram({ code: 0 });
  const all = commands(program);

  it('a file to write is --output everywhere (never --out)', () => {
    const writers = all.flatMap((command) =>
      command.options
        .filter((option) => /out/.test(option.long ?? ''))
        .map((option) => `${command.name()} ${option.flags}`),
    );
    expect(writers.sort()).toEqual(['graph -o, --output <file>', 'say -o, --output <file>']);
  });

  it('every option that is a setting names its environment variable and config key', () => {
    let checked = 0;
    for (const command of all) {
      for (const option of command.options) {
        const spec = SETTINGS.find((setting) => `--${setting.flag}` === option.long);
        if (!spec) continue;
        checked += 1;
        expect(option.description, `${command.name()} ${option.long}`).toContain(
          `env ${spec.env}, config ${spec.field}`,
        );
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(program.options.find((option) => option.long === '--config')?.description).toContain('env FOYER_CONFIG');
  });
});
