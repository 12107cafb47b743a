import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { simulateCall } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { guideExample } from '../helpers/guide-example.js';

const example = guideExample;

/**
 * Follows the worked example on copies of the shipped flows and prompts, as a designer would:
 * append the prompt, replace and add the states the guide gives.
 */
function applyExample(): { root: string; flowsDir: string; promptsDir: string; replaced: string[]; added: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'foyer-example-'));
  const flowsDir = join(root, 'flows');
  const promptsDir = join(root, 'prompts');
  cpSync(DEFAULTS.flowsDir, flowsDir, { recursive: true });
  cpSync(DEFAULTS.promptsDir, promptsDir, { recursive: true });
  appendFileSync(join(promptsDir, 'base', 'en-US', 'prompts.yaml'), example('prompts'));

  const flowFile = join(flowsDir, 'virtual-reception.yaml');
  const flow = parseDocument(readFileSync(flowFile, 'utf8'));
  const states = parseDocument(example('flow')).contents;
  if (!isMap(states)) throw new Error('the flow example must be a mapping of states');
  const replaced: string[] = [];
  const added: string[] = [];
  for (const pair of states.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    (flow.hasIn(['states', name]) ? replaced : added).push(name);
    flow.setIn(['states', name], pair.value);
  }
  writeFileSync(flowFile, flow.toString());
  return { root, flowsDir, promptsDir, replaced, added };
}

describe("the designers' guide's worked example: press 0 for help at the reception", () => {
  const { root, flowsDir, promptsDir, replaced, added } = applyExample();

  it('replaces collecting and lookup and adds entered and help, as the text says', () => {
    expect(replaced).toEqual(['collecting', 'lookup']);
    expect(added).toEqual(['entered', 'help']);
  });

  it('foyer check, run as the guide says, accepts it with the warnings the guide shows', async () => {
    const run = await runCli('check', '--flows', flowsDir, '--prompts', promptsDir);
    expect(run.code).toBe(0);
    // The guide's designer works in the checkout: the paths are shown relative to it.
    expect(run.stdout.replaceAll(`${root}/`, '')).toBe(example('check'));
    expect(example('commands')).toMatch(/^npx foyer check +#/m);
  });

  it('foyer check --strict refuses it until the prompt is translated and rendered', async () => {
    const run = await runCli('check', '--strict', '--flows', flowsDir, '--prompts', promptsDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('3 errors in 5 flows, 4 prompt catalogues, 1 services file\n');
  });

  it("the chart shows the new branch, as the guide's graph command says", async () => {
    const run = await runCli('graph', '--flows', flowsDir, 'virtual-reception');
    expect(run.stdout).toContain('s_entered --> s_help : always [entryIs value=0]');
    expect(example('commands')).toContain('npx foyer graph virtual-reception ');
  });

  it("the guide's simulate command hears the help prompt and still reaches the room", async () => {
    const command = example('commands')
      .split('\n')
      .find((line) => line.includes('foyer simulate'))!;
    const [, to, keys] = /--to (\S+) --keys '([^']*)'/.exec(command)!;
    const bundle = loadBundle({ ...DEFAULTS, flowsDir, promptsDir });
    const { events, end } = await simulateCall({ bundle, to: to!, keys: keys! });
    const prompts = events.flatMap(({ event }) => (event.type === 'prompt' ? [event] : []));
    // (The room may greet the caller after this; that is the meeting's business, not the example's.)
    expect(prompts.map((prompt) => prompt.id).slice(0, 2)).toEqual(['reception.help', 'reception.please_hold']);
    expect(prompts[0]!.text).toBe(
      'The room number is in your meeting invitation. Enter it, followed by the pound key.',
    );
    expect(end).toMatchObject({ outcome: 'joined', role: 'host', service: "Alice's room", via: 'Reception' });
  });

  it('after the help prompt the caller is asked again with the usual timeouts, and 0 costs no attempt', async () => {
    const bundle = loadBundle({ ...DEFAULTS, flowsDir, promptsDir });
    const { events, end } = await simulateCall({ bundle, to: '8000', keys: '0#,,,,,,,,0#,,,,,,,,9999#' });
    const prompts = events.flatMap(({ event }) => (event.type === 'prompt' ? [event.id] : []));
    // Two helps cost nothing; the unknown number is the first attempt, then two timeouts use the
    // other two (had each 0 cost one, 9999 would have been the third and last).
    expect(prompts).toEqual([
      'reception.help',
      'reception.help',
      'reception.number_not_found',
      'reception.enter_number',
      'reception.invalid_final',
    ]);
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'number_invalid' });
  });
});
