import type { Command } from 'commander';
import { formatProblem, LoadError } from '../yaml/index.js';
import { bundleFor, settingsFor } from './load.js';

/**
 * `foyer check`: loads the services, flows and prompts as a call would and reports every
 * problem as `file:line: message`. Exit 0 when clean, 1 with errors.
 */
export function registerCheck(program: Command, exit: { code: number }): void {
  program
    .command('check')
    .description('validate the services file, the flows and the prompt catalogue')
    .option('--services <file>', 'services file; also FOYER_SERVICES')
    .option('--flows <dir>', 'flows folder; also FOYER_FLOWS')
    .option('--prompts <dir>', 'prompts folder; also FOYER_PROMPTS')
    .action((_options: unknown, command: Command) => {
      const settings = settingsFor(command);
      try {
        const bundle = bundleFor(settings, { checkPrompts: true });
        process.stdout.write(`ok: ${bundle.directory.services().length} services, flows ${bundle.flows.names().join(', ')}, themes ${bundle.catalogue.themes().join(', ')}\n`);
        exit.code = 0;
      } catch (error) {
        if (!(error instanceof LoadError)) throw error;
        for (const problem of error.problems) process.stdout.write(`${formatProblem(problem)}\n`);
        exit.code = error.problems.some((problem) => problem.severity === 'error') ? 1 : 0;
      }
    });
}
