import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { findChromium, flowGraph, toMermaid } from '../../src/design/index.js';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';
import { parseMermaid } from '../helpers/mermaid.js';
import { skipNotice } from '../helpers/skip-notice.js';

const RECEPTION = join(DEFAULTS.flowsDir, 'virtual-reception.yaml');

function hasChromium(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}

describe('foyer graph FLOW', () => {
  it('prints the flow named as a Mermaid state diagram that Mermaid parses', async () => {
    const run = await runCli('graph', 'virtual-reception');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      toMermaid(flowGraph('virtual-reception', parse(readFileSync(RECEPTION, 'utf8')) as Record<string, unknown>)),
    );
    const diagram = await parseMermaid(run.stdout);
    expect(diagram.relations).toContainEqual({
      from: 'waiting',
      to: 's_timedOut',
      label: 'after 10s (first_digit_timeout)',
    });
  });

  it('takes a flow file as well as a name', async () => {
    const run = await runCli('graph', RECEPTION);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^stateDiagram-v2\n/);
  });

  it('an unknown flow or format is a usage error', async () => {
    const unknown = await runCli('graph', 'reception');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no flow named "reception" in');
    expect(unknown.stderr).toContain('(flows: meeting, pin-entry, room, transfer, virtual-reception)');
    expect((await runCli('graph', 'pin-entry', '--format', 'png')).code).toBe(2);
    expect((await runCli('graph', 'nowhere/flow.yaml')).code).toBe(2);
    expect((await runCli('graph')).code).toBe(2);
  });

  it('a broken flow is not drawn: its errors are reported with file and line', async () => {
    const file = tempFile('broken.yaml', 'initial: a\nstates:\n  a:\n    after:\n      1000: b\n');
    const run = await runCli('graph', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:5: unknown target state "b"; states here: a`);
  });
});

describe('foyer graph --format svg', () => {
  const saved = process.env.FOYER_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.FOYER_CHROMIUM;
    else process.env.FOYER_CHROMIUM = saved;
  });

  it('without Chromium, says how to install it and exits 1', async () => {
    process.env.FOYER_CHROMIUM = '/nonexistent/chromium';
    const run = await runCli('graph', 'pin-entry', '--format', 'svg');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('apt-get install chromium');
    expect(run.stdout).toBe('');
  });

  if (!hasChromium())
    skipNotice('rendering a chart as SVG', 'no Chromium at /usr/bin/chromium (apt-get install chromium)');
  it.skipIf(!hasChromium())(
    'renders the chart with Chromium (skipped when /usr/bin/chromium is missing: apt-get install chromium)',
    async () => {
      const output = join(tempFile('x', ''), '..', 'pin-entry.svg');
      const run = await runCli('graph', 'pin-entry', '--format', 'svg', '--output', output);
      expect(run.code).toBe(0);
      const svg = readFileSync(output, 'utf8');
      expect(svg).toMatch(/^<svg [^>]*aria-roledescription="stateDiagram"/);
      // The words a person reads in the picture (Mermaid splits them into <tspan>s).
      const words = svg
        .replace(/<style>.*?<\/style>/gs, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ');
      for (const text of [
        'promptingGuests plays pin.enter_or_guest',
        'after 10s (first_digit_timeout)',
        'ends: disconnected pin_invalid',
      ])
        expect(words).toContain(text);
    },
  );
});
