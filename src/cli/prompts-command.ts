import type { Command } from 'commander';
import { MissingToolError, renderCatalogue } from '../prompts/index.js';
import { settingsFor } from './load.js';
import { settingOption } from './setting-options.js';
import { listPrompts } from './prompts-list.js';
import { sayPrompt } from './prompts-say.js';
import { UsageError } from './usage-error.js';

interface Selection {
  theme?: string;
  language?: string;
}

/** `foyer prompts render | list | say`: the designer's and translator's tools for prompts. */
export function registerPrompts(program: Command, exit: { code: number }): void {
  const prompts = program.command('prompts').description('render, list and hear the prompt catalogue');
  const common = (command: Command) =>
    command
      .option('--theme <name>', 'only this theme')
      .option('--language <tag>', 'only this language')
      .addOption(settingOption('servicesFile'))
      .addOption(settingOption('flowsDir'))
      .addOption(settingOption('promptsDir'));

  common(prompts.command('render'))
    .description('render every changed prompt to WAV with espeak-ng and sox (npm run prompts)')
    .option('--force', 'render everything again (recordings are still kept)')
    .action(async (options: Selection & { force?: boolean }, command: Command) => {
      const settings = settingsFor(command);
      const started = Date.now();
      try {
        const report = await renderCatalogue({
          folder: settings.promptsDir,
          defaultLanguage: settings.defaultLanguage,
          ...(options.theme && { themes: [options.theme] }),
          ...(options.language && { languages: [options.language] }),
          ...(options.force && { force: true }),
          onRendered: (file) => process.stdout.write(`rendered ${file}\n`),
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `${report.rendered.length} rendered, ${report.unchanged} unchanged, ${report.recorded.length} recorded kept, ${report.removed.length} removed (${seconds} s)\n`,
        );
        exit.code = 0;
      } catch (error) {
        if (!(error instanceof MissingToolError)) throw error;
        process.stderr.write(`foyer: ${error.message}\n`);
        exit.code = 1;
      }
    });

  common(prompts.command('list'))
    .description('show each prompt: id, duration, where it is used, text')
    .action((options: Selection, command: Command) => {
      process.stdout.write(listPrompts(settingsFor(command), options));
      exit.code = 0;
    });

  common(prompts.command('say'))
    .description('write one prompt as WAV (--output), or play it; composed prompts with sample values')
    .argument('<id>', 'prompt id, such as pin.enter or pin.attempts_left')
    .option('-o, --output <file>', 'write the audio here instead of playing it')
    .option('--value <name=value...>', 'a value for a composed prompt (default: samples such as 2 or 1234)')
    .action(async (id: string, options: Selection & { output?: string; value?: string[] }, command: Command) => {
      const values: Record<string, string> = {};
      for (const pair of options.value ?? []) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair);
        if (!match) throw new UsageError(`--value ${pair}: write name=value, such as attempts=2`);
        values[match[1]!] = match[2]!;
      }
      process.stdout.write(await sayPrompt(settingsFor(command), { id, values, ...options }));
      exit.code = 0;
    });
}
