import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { FIXTURES } from '../helpers/bundle.js';
import { runCli } from '../helpers/cli.js';
import { guideExample } from '../helpers/guide-example.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';

/** Writes `changes` into `doc`: into mappings that exist, key by key; anything else replaces what is there. */
function merge(doc: Document, changes: YAMLMap, path: string[]): string[] {
  const written: string[] = [];
  for (const pair of changes.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const at = [...path, String(pair.key.value)];
    if (isMap(pair.value) && isMap(doc.getIn(at))) written.push(...merge(doc, pair.value, at));
    else {
      doc.setIn(at, pair.value);
      written.push(at.join('.'));
    }
  }
  return written;
}

/** Follows the guide's meeting example on copies of the shipped flows and prompts, as a designer would. */
function applyExample(): { root: string; flowsDir: string; promptsDir: string; written: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'foyer-meeting-example-'));
  const flowsDir = join(root, 'flows');
  const promptsDir = join(root, 'prompts');
  cpSync(DEFAULTS.flowsDir, flowsDir, { recursive: true });
  cpSync(DEFAULTS.promptsDir, promptsDir, { recursive: true });
  appendFileSync(join(promptsDir, 'base', 'en-US', 'prompts.yaml'), guideExample('meeting-prompts'));
  const flowFile = join(flowsDir, 'meeting.yaml');
  const flow = parseDocument(readFileSync(flowFile, 'utf8'));
  const changes = parseDocument(guideExample('meeting-flow')).contents;
  if (!isMap(changes)) throw new Error('the meeting example must be a mapping');
  const written = merge(flow, changes, []);
  writeFileSync(flowFile, flow.toString());
  return { root, flowsDir, promptsDir, written };
}

describe("the designers' guide's worked example on the meeting flow: a 20 s reminder, our own prompt when the host leaves", () => {
  const { root, flowsDir, promptsDir, written } = applyExample();

  it('changes the reminder setting and what HOST_LEFT does, as the text says', () => {
    expect(written[0]).toBe('settings.lobby_reminder');
    expect(written.length).toBeGreaterThan(1);
    for (const path of written.slice(1)) expect(path).toMatch(/^states\.conference\.on\.HOST_LEFT\./);
  });

  it('foyer check, run as the guide says, accepts it with the warnings the guide shows', async () => {
    const run = await runCli('check', '--flows', flowsDir, '--prompts', promptsDir);
    expect(run.code).toBe(0);
    expect(run.stdout.replaceAll(`${root}/`, '')).toBe(guideExample('meeting-check'));
    expect(guideExample('meeting-commands')).toMatch(/^npx foyer check +#/m);
  });

  const bundle = () => loadBundle({ ...DEFAULTS, flowsDir, promptsDir, servicesFile: join(FIXTURES, 'services.yaml') });

  it('a guest alone in the lobby hears "waiting for the host" every 20 s', async () => {
    const h = new MeetingHarness(bundle());
    await h.admit('guest', '1001', '5678#');
    await h.clock.advance(65_000);
    const reminders = h.channel('guest').played.filter((prompt) => prompt.id === 'meeting.waiting_for_host');
    expect(reminders).toHaveLength(4);
    h.hangup('guest');
    await h.finish();
  });

  it('guests left without a host hear the new prompt, and are still disconnected 60 s later', async () => {
    const h = new MeetingHarness(bundle());
    await h.admit('host', '1001', '1234#');
    await h.admit('guest', '1001', '5678#');
    await h.clock.advance(5_000);
    h.hangup('host');
    await h.clock.advance(1_000);
    expect(h.channel('guest').played.map((prompt) => prompt.id)).toContain('meeting.host_left');
    expect(h.channel('guest').played.map((prompt) => prompt.id)).not.toContain('meeting.guests_only_warning');
    await h.until(() => h.record('guest') !== undefined, 'the guest to be disconnected');
    expect(h.record('guest')).toMatchObject({ reason: 'guests_only_timeout' });
    await h.finish();
  });
});
