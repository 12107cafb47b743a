import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadFlowGraph, renderSvg, toMermaid } from '../design/index.js';
import { settingsFor } from './load.js';
import { settingOption } from './setting-options.js';
import { UsageError } from './usage-error.js';

interface GraphOptions {
  format: string;
  output?: string;
}

/**
 * `foyer graph FLOW [--format mermaid|svg]`: the flow as a Mermaid state diagram, or drawn as SVG
 * by headless Chromium. FLOW is a flow name (in the flows folder) or a flow file.
 */
export function registerGraph(program: Command, exit: { code: number }): void {
  program
    .command('graph')
    .description('print a flow as a Mermaid state diagram (or render it as SVG)')
    .argument('<flow>', 'a flow name such as virtual-reception, or a flow file')
    .option('--format <format>', "mermaid or svg (svg needs Debian's chromium)", 'mermaid')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addOption(settingOption('flowsDir'))
    .action(async (flow: string, options: GraphOptions, command: Command) => {
      if (options.format !== 'mermaid' && options.format !== 'svg')
        throw new UsageError(`graph --format ${options.format}: use mermaid or svg`);
      const file = flowFile(flow, settingsFor(command).flowsDir);
      const mermaid = toMermaid(loadFlowGraph(file));
      const text = options.format === 'svg' ? `${await renderSvg(mermaid)}\n` : mermaid;
      if (options.output) writeFileSync(options.output, text);
      else process.stdout.write(text);
      exit.code = 0;
    });
}

/** A path when it looks like one or exists; otherwise a flow name in the flows folder. */
function flowFile(flow: string, flowsDir: string): string {
  if (existsSync(flow) && /\.ya?ml$/.test(flow)) return flow;
  if (flow.includes('/') || /\.ya?ml$/.test(flow)) throw new UsageError(`graph: ${flow}: no such flow file`);
  for (const extension of ['.yaml', '.yml']) {
    const file = join(flowsDir, `${flow}${extension}`);
    if (existsSync(file)) return file;
  }
  const names = existsSync(flowsDir)
    ? readdirSync(flowsDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => name.replace(/\.ya?ml$/, ''))
    : [];
  throw new UsageError(`graph: no flow named "${flow}" in ${flowsDir} (flows: ${names.join(', ') || 'none'})`);
}
