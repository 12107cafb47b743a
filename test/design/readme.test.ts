import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, PACKAGE_ROOT } from '../../src/config/index.js';
import { generatedSections, sectionOf, updateSections } from '../../src/design/index.js';
import { runCli } from '../helpers/cli.js';
import { parseMermaid } from '../helpers/mermaid.js';

const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe("README's generated parts are current (npm run docs rewrites them)", () => {
  it('the reference of named pieces is what foyer check --list prints', async () => {
    const run = await runCli('check', '--list');
    expect(run.code).toBe(0);
    expect(sectionOf(README, 'reference'), 'README is stale: run npm run docs').toBe(run.stdout);
  });

  for (const flow of ['virtual-reception', 'pin-entry']) {
    it(`the chart of ${flow} is what foyer graph prints, and Mermaid parses it`, async () => {
      const run = await runCli('graph', flow);
      expect(sectionOf(README, `graph:${flow}`), 'README is stale: run npm run docs').toBe(
        `\`\`\`mermaid\n${run.stdout}\`\`\`\n`,
      );
      await parseMermaid(run.stdout);
    });
  }

  it('nothing else generated is out of date', () => {
    expect(
      updateSections(README, generatedSections(DEFAULTS.flowsDir)) === README,
      'README is stale: run npm run docs',
    ).toBe(true);
  });

  it('says where a generated part is missing', () => {
    expect(() => updateSections('# no markers\n', new Map([['graph:new-flow', 'x']]))).toThrow(
      'add the lines <!-- generated:graph:new-flow --> and <!-- /generated:graph:new-flow -->',
    );
  });
});
