import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/bundle/index.js';
import { checkAll, flowGraph } from '../../src/design/index.js';
import { simulateCall } from '../../src/simulator/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { CHROMIUM, hasChromium, launchChromium, type Chromium } from '../helpers/chromium.js';
import { skipNotice } from '../helpers/skip-notice.js';
import { GUEST_PIN, HOST_PIN, startStudioHarness, type StudioHarness } from '../helpers/studio-harness.js';

if (!hasChromium())
  skipNotice('studio in a browser', `no Chromium at ${CHROMIUM} (apt-get install chromium, or set FOYER_CHROMIUM)`);

const REPO_FLOWS = join(import.meta.dirname, '..', '..', 'flows');

describe.skipIf(!hasChromium())('foyer studio in a real browser', () => {
  let harness: StudioHarness;
  let browser: Chromium;
  let page: Page;
  /** Every response body the page received (besides the server's own record of what it sent). */
  const received: string[] = [];

  beforeAll(async () => {
    harness = await startStudioHarness();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('response', (response) => {
      if (!(response.headers()['content-type'] ?? '').startsWith('text/event-stream'))
        void response.text().then(
          (body) => received.push(body),
          () => undefined,
        );
    });
    await page.goto(harness.studio.url);
    await page.locator('[data-flow="virtual-reception"][data-state]').first().waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await harness.close();
  });

  const openFlow = async (name: string) => {
    await page.locator(`.flow-list [data-open-flow="${name}"]`).click();
    await page.locator(`[data-flow="${name}"][data-state]`).first().waitFor();
  };

  it('draws every state of every shipped flow, and every transition with a target', async () => {
    const names = readdirSync(REPO_FLOWS).filter((file) => /\.ya?ml$/.test(file));
    expect(names.length).toBeGreaterThan(0);
    for (const file of names) {
      const name = basename(file).replace(/\.ya?ml$/, '');
      const graph = flowGraph(name, YamlSource.read(join(REPO_FLOWS, file)).data as Record<string, unknown>);
      await openFlow(name);
      for (const state of graph.states)
        await expect.poll(() => page.locator(`[data-flow="${name}"][data-state="${state.id}"]`).count()).toBe(1);
      // Edges are laid out after the states: on a loaded machine, a moment later.
      await expect
        .poll(() => page.locator('.edge-label[data-from]').count())
        .toBe(graph.edges.filter((edge) => edge.target !== null).length);
    }
  });

  it('takes a call keyed on its keypad through reception, room and PIN to joined, lighting the states on the way', async () => {
    await page.locator('[data-tab="call"]').click();
    await page.locator('[data-speed="4"]').click();
    await page.locator('[data-field="to"]').fill('8000');
    await page.locator('[data-action="call"]').click();
    // Every change of the lit states, as the page makes it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { lit: string[] }).lit = seen;
      const record = () => {
        for (const node of document.querySelectorAll('[data-state][data-active="true"]')) {
          const state = `${node.getAttribute('data-flow') ?? ''}:${node.getAttribute('data-state') ?? ''}`;
          if (seen.at(-1) !== state) seen.push(state);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-active'],
      });
    });
    const lit = () => page.evaluate(() => (window as unknown as { lit: string[] }).lit);
    const litState = (flow: string, state: string) =>
      page
        .locator(`[data-flow="${flow}"][data-state="${state}"][data-active="true"]`)
        .waitFor({ state: 'attached', timeout: 20_000 });
    const keys = async (digits: string) => {
      for (const key of digits) await page.locator(`[data-key="${key}"]`).click();
    };
    await litState('virtual-reception', 'waiting');
    await keys('1001#');
    await litState('pin-entry', 'waiting');
    await keys(`${HOST_PIN}#`);
    const end = page.locator('.phone [data-type="end"]');
    await end.waitFor({ timeout: 20_000 });
    expect(await end.textContent()).toMatch(/end {5}joined \(admitted\) as host service "Test room" via "Reception"/);
    await litState('pin-entry', 'admitted');
    const states = await lit();
    expect(states).toEqual(
      expect.arrayContaining([
        'virtual-reception:waiting',
        'virtual-reception:collecting',
        'pin-entry:waiting',
        'pin-entry:admitted',
      ]),
    );
    expect(states.indexOf('virtual-reception:collecting')).toBeLessThan(states.indexOf('pin-entry:waiting'));
    expect(states.indexOf('pin-entry:waiting')).toBeLessThan(states.indexOf('pin-entry:admitted'));
    const keysShown = await page.locator('.phone [data-type="dtmf"]').allTextContents();
    expect(keysShown.map((line) => line.trim().at(-1)).join('')).toBe('1001#xxxxxxxxx');
    expect(await page.locator('.phone [data-type="prompt"]').count()).toBeGreaterThan(1);
    await page.locator('[data-action="hangup"]').click();
    await page.locator('.phone [data-phase="ended"]').waitFor();
  });

  it('writes an edit made on the chart to the file with its comments kept, and foyer check passes', async () => {
    await page.locator('[data-tab="yaml"]').click();
    await openFlow('pin-entry');
    const file = join(harness.flowsDir, 'pin-entry.yaml');
    const before = readFileSync(file, 'utf8');
    await page.locator('[data-setting="first_digit_timeout"]').fill('12s');
    await page.locator('[data-setting="first_digit_timeout"]').press('Enter');
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toContain('first_digit_timeout: 12s');
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# after a prompt ends');
    expect(changedLines(before, after)).toEqual([
      ['  first_digit_timeout: 10s  # after a prompt ends', '  first_digit_timeout: 12s # after a prompt ends'],
    ]);

    // A new state, reached by a key from "waiting", that plays a prompt and comes back.
    await page.locator('[data-flow="pin-entry"][data-state="waiting"]').click();
    await page.locator('[data-field="new-key"]').selectOption('*');
    await page.locator('[data-field="new-state"]').fill('help');
    await page.locator('[data-field="new-prompt"]').selectOption('pin.enter');
    await page.locator('[data-action="add-state"]').click();
    await page.locator('[data-flow="pin-entry"][data-state="help"]').waitFor();
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toContain('  help:');
    await page.locator('[data-from="waiting"][data-to="help"][data-event="DTMF"]').waitFor();
    const saved = readFileSync(file, 'utf8');
    for (const comment of before.split('\n').filter((line) => line.trim().startsWith('#')))
      expect(saved).toContain(comment);
    expect(saved).toContain('{ guard: { type: keyIs, params: { value: "*" } }, target: help }');
    const report = checkAll(harness.sources);
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    await page.locator('.status[data-status="saved"]').waitFor();
  });

  it("shows an invalid edit's problem with its line, and leaves the file as it was", async () => {
    const file = join(harness.flowsDir, 'pin-entry.yaml');
    const before = readFileSync(file, 'utf8');
    const broken = before.replace('onDone: waiting', 'onDone: nowhere');
    const line = broken.split('\n').findIndex((text) => text.includes('onDone: nowhere')) + 1;
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(broken);
    const problem = page.locator(`.problem-list [data-problem^="flows/pin-entry.yaml:${line}: "]`);
    await problem.waitFor({ timeout: 10_000 });
    await page.locator('.status[data-status="invalid"]').waitFor();
    await page.locator('.state.has-problem [data-problem]').first().waitFor();
    expect(readFileSync(file, 'utf8')).toBe(before);
    await page.locator('[data-action="undo"]').click();
    await page.locator('.status[data-status="saved"]').waitFor({ timeout: 10_000 });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('reloads a flow changed on disk (git pull, another editor) while it has no unsaved changes', async () => {
    const file = join(harness.flowsDir, 'pin-entry.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('max_digits: 20', 'max_digits: 16'));
    await expect.poll(() => page.locator('[data-setting="max_digits"]').inputValue(), { timeout: 10_000 }).toBe('16');
    await expect.poll(() => page.locator('.cm-content').textContent()).toContain('max_digits: 16');
  });

  it('replays a transcript, lighting the states in order, forwards and back', async () => {
    const result = await simulateCall({ bundle: loadBundle(harness.sources), to: '8000', keys: `1001#${GUEST_PIN}#` });
    const lines = result.events
      .filter(({ event }) => event.type !== 'pin_attempt')
      .map(({ atMs, event }) => JSON.stringify({ t: atMs / 1000, ...event }));
    const expected = result.events.flatMap(({ event }) =>
      event.type === 'state' ? [`${event.flow}:${event.state}`] : [],
    );
    await page.locator('[data-tab="replay"]').click();
    await page.locator('[data-field="transcript-text"]').fill(lines.join('\n'));
    await page.locator('[data-action="load-transcript"]').click();
    // Loaded before it is stepped through (on a loaded machine this takes a moment).
    await expect.poll(() => page.locator('.replay [data-type]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const seen: string[] = [];
    const litNow = () =>
      page
        .locator('[data-state][data-active="true"]')
        .evaluateAll((nodes) =>
          nodes.map((node) => `${node.getAttribute('data-flow')}:${node.getAttribute('data-state')}`),
        );
    for (let step = 0; step < lines.length; step += 1) {
      await page.locator('[data-action="step-forward"]').click();
      // One click, one step: the next click waits until this one has been rendered.
      await expect
        .poll(() => page.locator('.replay-position').getAttribute('data-step'), { timeout: 10_000 })
        .toBe(String(step + 1));
      const event = JSON.parse(lines[step]!) as { type: string; flow?: string; state?: string };
      if (event.type !== 'state') continue;
      const want = `${event.flow}:${event.state}`;
      await expect.poll(litNow, { timeout: 10_000 }).toEqual([want]);
      seen.push(want);
    }
    expect(seen).toEqual(expected);
    expect(await page.locator('.replay [data-type="end"]').textContent()).toContain('joined (admitted) as guest');
    // Back to before the last state change: the state before it is lit again.
    const lastState = lines.findLastIndex((line) => line.includes('"type":"state"'));
    for (let step = lines.length - 1; step >= lastState; step -= 1)
      await page.locator('[data-action="step-back"]').click();
    await expect.poll(litNow).toEqual([expected.at(-2)]);
  });

  it('never lets a PIN reach the browser', async () => {
    await page.locator('[data-page="services"]').click();
    await page.locator('[data-service="Test room"]').waitFor();
    expect(await page.locator('[data-service="Test room"]').textContent()).toContain('host PIN set');
    await page.locator('[data-page="prompts"]').click();
    await page.locator('[data-prompt="pin.enter"]').first().waitFor();
    expect(received.length).toBeGreaterThan(5);
    for (const body of [...received, harness.sent(), await page.content()]) {
      expect(body).not.toContain(HOST_PIN);
      expect(body).not.toContain(GUEST_PIN);
    }
  });
});

/** The lines that differ between two texts of the same length in lines: [before, after] pairs. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, index) => (line === b[index] ? [] : [[line, b[index]!] as [string, string]]));
}
