import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlowGraph } from './load-flow-graph.js';
import { toMermaid } from './mermaid.js';
import { registryReference } from './registry-reference.js';
import { settingsTable } from './settings-table.js';

/** The docs files with generated parts, relative to the package root. */
export const DESIGNERS_GUIDE = 'docs/designers-guide.md';
export const CONFIGURATION_DOC = 'docs/services-and-configuration.md';

/**
 * The docs' generated parts, by file: in the designers' guide, the reference of named pieces
 * (`foyer check --list`) and the chart of each shipped flow (`foyer graph`); in the configuration
 * doc, the table of every setting. Each sits between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`; `npm run docs` rewrites them and a test checks they are current.
 */
export function generatedDocs(flowsDir: string): Map<string, Map<string, string>> {
  return new Map([
    [DESIGNERS_GUIDE, designersSections(flowsDir)],
    [CONFIGURATION_DOC, new Map([['settings', settingsTable()]])],
  ]);
}

function designersSections(flowsDir: string): Map<string, string> {
  const sections = new Map<string, string>([['reference', registryReference()]]);
  for (const file of readdirSync(flowsDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()) {
    const graph = loadFlowGraph(join(flowsDir, file));
    sections.set(`graph:${graph.name}`, `\`\`\`mermaid\n${toMermaid(graph)}\`\`\`\n`);
  }
  return sections;
}

/** The text between a section's markers (without the markers), or undefined when it has none. */
export function sectionOf(text: string, name: string, kind = 'generated'): string | undefined {
  const { start, end } = markers(name, kind);
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) return undefined;
  return text.slice(from + start.length, to).replace(/^\n/, '');
}

/** `text` with each section's content replaced. Throws when a section has no markers. */
export function updateSections(text: string, sections: ReadonlyMap<string, string>): string {
  let updated = text;
  for (const [name, content] of sections) {
    const { start, end } = markers(name, 'generated');
    const from = updated.indexOf(start);
    const to = updated.indexOf(end, from);
    if (from < 0 || to < 0)
      throw new Error(`no place for "${name}": add the lines ${start} and ${end} where it belongs`);
    updated = `${updated.slice(0, from + start.length)}\n${content}${updated.slice(to)}`;
  }
  return updated;
}

function markers(name: string, kind: string): { start: string; end: string } {
  return { start: `<!-- ${kind}:${name} -->`, end: `<!-- /${kind}:${name} -->` };
}
