import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

/** A small sound flow; each test breaks one thing in it. */
const FLOW = `settings:
  wait: 5s
initial: asking
states:
  asking:
    invoke:
      id: prompt
      src: playPrompts
      input: { prompts: [pin.enter] }
      onDone: waiting
  waiting:
    after:
      wait: done
    on:
      DTMF: { guard: isEntryKey, target: done, actions: bufferDigit }
  done:
    type: final
    output: { outcome: disconnected, reason: pin_no_input }
`;

/** Checks one flow file (in a flows/ folder) against the shipped prompts. */
async function checkFlow(yaml: string) {
  const dir = join(mkdtempSync(join(tmpdir(), 'foyer-check-')), 'flows');
  mkdirSync(dir);
  const file = join(dir, 'menu.yaml');
  writeFileSync(file, yaml);
  const run = await runCli('check', file);
  return { ...run, file, lines: run.stdout.trim().split('\n') };
}

describe('foyer check FILE: one line per problem, file:line: message', () => {
  it('a sound flow passes', async () => {
    const run = await checkFlow(FLOW);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok: 1 flow\n');
  });

  it('a YAML syntax error', async () => {
    const run = await checkFlow(FLOW.replace('onDone: waiting', 'onDone: [waiting'));
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(new RegExp(`^${run.file}:\\d+: YAML syntax: `));
  });

  it('a schema error: an unknown field in a state', async () => {
    const run = await checkFlow(FLOW.replace('  waiting:\n', '  waiting:\n    entyr: takeEntry\n'));
    expect(run.lines).toEqual([
      expect.stringMatching(new RegExp(`^${run.file}:12: unknown field "entyr" in state "waiting"`)),
    ]);
    expect(run.code).toBe(1);
  });

  it('unknown action, guard, actor and delay names, and a prompt missing from the catalogue', async () => {
    const broken = FLOW.replace('actions: bufferDigit', 'actions: bufferDigits')
      .replace('guard: isEntryKey', 'guard: isKey')
      .replace('src: playPrompts', 'src: playPrompt')
      .replace('wait: done', 'wiat: done');
    const run = await checkFlow(broken);
    expect(run.lines).toEqual([
      `${run.file}:8: unknown actor "playPrompt"; did you mean "playPrompts"?`,
      `${run.file}:13: unknown delay "wiat": name a duration setting (wait) or write milliseconds`,
      expect.stringMatching(new RegExp(`^${run.file}:15: unknown guard "isKey"; known guards: `)),
      `${run.file}:15: unknown action "bufferDigits"; did you mean "bufferDigit"?`,
    ]);
    const prompt = await checkFlow(FLOW.replace('[pin.enter]', '[pin.entre]'));
    expect(prompt.lines).toEqual([
      `${prompt.file}:9: prompt "pin.entre" is not in the catalogue (${DEFAULTS.promptsDir}/base/en-US)`,
    ]);
  });

  it('an unreachable state', async () => {
    const run = await checkFlow(`${FLOW}  orphan:\n    after:\n      wait: done\n`);
    expect(run.lines).toEqual([
      `${run.file}:19: state "orphan" is unreachable: no transition leads to it from the initial state "asking"`,
    ]);
    expect(run.code).toBe(1);
  });

  it('a state that waits for the caller with no timeout', async () => {
    const run = await checkFlow(FLOW.replace('    after:\n      wait: done\n', ''));
    expect(run.lines).toEqual([
      `${run.file}:11: state "waiting" waits for the caller with no timeout: add an after: delay (for example first_digit_timeout) so a silent caller moves on`,
    ]);
  });

  it('a state from which no final state can be reached', async () => {
    // Keys and the timeout only go round between two states: the caller can never leave.
    const loop =
      FLOW.replace('wait: done', 'wait: again').replace('target: done', 'target: again') +
      '  again:\n    after:\n      wait: waiting\n';
    const run = await checkFlow(loop);
    expect(run.lines).toEqual([
      `${run.file}:5: no final state can be reached from state "asking": a caller there is stuck until they hang up`,
      `${run.file}:11: no final state can be reached from state "waiting": a caller there is stuck until they hang up`,
      `${run.file}:16: state "done" is unreachable: no transition leads to it from the initial state "asking"`,
      `${run.file}:19: no final state can be reached from state "again": a caller there is stuck until they hang up`,
    ]);
  });

  it('a services file naming a flow, theme or language that does not exist', async () => {
    const services = tempFile(
      'rooms.yaml',
      'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n    flow: pin-entri\n    theme: fancy\n    language: fr-FR\n',
    );
    const run = await runCli('check', services);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${services}:5: service "A": flow "pin-entri" does not exist in ${DEFAULTS.flowsDir} (flows: meeting, pin-entry, room, transfer, virtual-reception)`,
      `${services}:6: service "A": theme "fancy" does not exist in ${DEFAULTS.promptsDir} (themes: base, friendly)`,
      `${services}:7: service "A": language "fr-FR" has no prompts in ${DEFAULTS.promptsDir}/base (languages: de-DE, en-US, nb-NO)`,
    ]);
    expect(run.code).toBe(1);
  });

  it('a services file error the loader refuses', async () => {
    const services = tempFile(
      'rooms.yaml',
      'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n    host_pin: "12"\n',
    );
    const run = await runCli('check', services);
    expect(run.stdout).toBe(`${services}:5: service "A": host_pin must be 4 to 20 digits (0-9)\n`);
    expect(run.code).toBe(1);
  });

  it('warnings are reported and do not fail the check', async () => {
    const services = tempFile(
      'rooms.yaml',
      "services:\n  - name: R\n    type: reception\n    aliases: [\"8\"]\n    match: '^(\\d+)$'\n    replace: 'meet.\\1'\n",
    );
    const run = await runCli('check', services);
    expect(run.stdout).toBe(
      `${services}:6: warning: service "R": replace uses "\\1"-style references; Foyer uses "$1"\nok: 1 services file; 1 warning\n`,
    );
    expect(run.code).toBe(0);
  });

  it('a prompt catalogue, by its file name prompts.yaml', async () => {
    const root = mkdtempSync(join(tmpdir(), 'foyer-prompts-'));
    cpSync(DEFAULTS.promptsDir, root, { recursive: true });
    const file = join(root, 'base', 'en-US', 'prompts.yaml');
    writeFileSync(file, 'prompts:\n  pin.enter: Enter the PIN.\n  Pin-Bad: text\n  pin.empty: ""\n');
    const run = await runCli('check', file);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:3: prompt "Pin-Bad": an id is dotted lower-case words, such as pin.enter`,
      `${file}:4: prompt "pin.empty": needs a text`,
    ]);
    expect(run.code).toBe(1);
  });

  it('a prompt catalogue outside a prompts folder is checked alone', async () => {
    const file = tempFile('prompts.yaml', 'prompts:\n  reception.help: Help.\n  Bad: text\n');
    const run = await runCli('check', file);
    expect(run.stdout).toBe(`${file}:3: prompt "Bad": an id is dotted lower-case words, such as pin.enter\n`);
    expect(run.code).toBe(1);
  });

  it('a file with states: is a flow wherever it is', async () => {
    const file = tempFile('menu.yaml', FLOW.replace('[pin.enter]', '[pin.entre]'));
    const run = await runCli('check', file);
    expect(run.stdout).toContain(`${file}:9: prompt "pin.entre" is not in the catalogue`);
  });
});

describe('foyer check with no files checks the configured flows, prompts and services', () => {
  it('the shipped files pass', async () => {
    const run = await runCli('check');
    expect(run.stdout).toBe('ok: 5 flows, 4 prompt catalogues, 1 services file\n');
    expect(run.code).toBe(0);
  });

  it('reports problems in every file at once', async () => {
    const flows = mkdtempSync(join(tmpdir(), 'foyer-flows-'));
    cpSync(DEFAULTS.flowsDir, flows, { recursive: true });
    writeFileSync(join(flows, 'menu.yaml'), FLOW.replace('    after:\n      wait: done\n', ''));
    const services = tempFile(
      'services.yaml',
      'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n    theme: fancy\n',
    );
    const run = await runCli('check', '--flows', flows, '--services', services);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${flows}/menu.yaml:11: state "waiting" waits for the caller with no timeout`)),
      `${services}:5: service "A": theme "fancy" does not exist in ${DEFAULTS.promptsDir} (themes: base, friendly)`,
    ]);
    expect(run.stderr).toBe('2 errors in 6 flows, 4 prompt catalogues, 1 services file\n');
    expect(run.code).toBe(1);
  });
});

describe('foyer check usage errors exit 2', () => {
  it('an unknown file', async () => {
    const run = await runCli('check', 'flows/no-such-flow.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('flows/no-such-flow.yaml: no such file');
  });

  it('a folder, an unknown option, --list with files', async () => {
    expect((await runCli('check', 'flows')).code).toBe(2);
    expect((await runCli('check', '--bogus')).code).toBe(2);
    expect((await runCli('check', '--list', 'flows/pin-entry.yaml')).code).toBe(2);
  });
});
