import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, PACKAGE_ROOT } from '../../src/config/index.js';
import {
  CONFIGURATION_DOC,
  DESIGNERS_GUIDE,
  generatedDocs,
  sectionOf,
  settingsTable,
  updateSections,
} from '../../src/design/index.js';
import { runCli } from '../helpers/cli.js';
import { parseMermaid } from '../helpers/mermaid.js';

const read = (file: string) => readFileSync(join(PACKAGE_ROOT, file), 'utf8');
const STALE = 'the docs are stale: run npm run docs';

describe("the docs' generated parts are current (npm run docs rewrites them)", () => {
  it("the designers' guide's reference of named pieces is what foyer check --list prints", async () => {
    const run = await runCli('check', '--list');
    expect(run.code).toBe(0);
    expect(sectionOf(read(DESIGNERS_GUIDE), 'reference'), STALE).toBe(run.stdout);
  });

  for (const flow of ['virtual-reception', 'pin-entry']) {
    it(`the chart of ${flow} is what foyer graph prints, and Mermaid parses it`, async () => {
      const run = await runCli('graph', flow);
      expect(sectionOf(read(DESIGNERS_GUIDE), `graph:${flow}`), STALE).toBe(`\`\`\`mermaid\n${run.stdout}\`\`\`\n`);
      await parseMermaid(run.stdout);
    });
  }

  it('the configuration table lists every setting Foyer reads, including the telephony ones', () => {
    const table = sectionOf(read(CONFIGURATION_DOC), 'settings');
    expect(table, STALE).toBe(settingsTable());
    for (const key of ['drachtio', 'freeswitch', 'fsmrf_listen', 'prompt_base', 'http_port', 'allow_demo_services'])
      expect(table).toContain(`| \`${key}\` |`);
  });

  it('nothing else generated is out of date', () => {
    for (const [file, sections] of generatedDocs(DEFAULTS.flowsDir))
      expect(updateSections(read(file), sections) === read(file), `${file}: ${STALE}`).toBe(true);
  });

  it('says where a generated part is missing', () => {
    expect(() => updateSections('# no markers\n', new Map([['graph:new-flow', 'x']]))).toThrow(
      'add the lines <!-- generated:graph:new-flow --> and <!-- /generated:graph:new-flow -->',
    );
  });
});
