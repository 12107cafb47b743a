import type { Command } from 'commander';
import { formatProblem, type Problem } from '../yaml/index.js';
import { settingsFor } from './load.js';
import { settingOption } from './setting-options.js';

interface ReloadAnswer {
  readonly ok: boolean;
  readonly version?: number;
  readonly previous?: number;
  readonly problems?: readonly Problem[];
}

/**
 * `foyer reload`: asks the Foyer running on this machine (its HTTP port, bound to 127.0.0.1) to
 * load its services, flows and prompts again. Exit 0 when the new version is in use, 1 when it was
 * refused (each problem printed as `file:line: message`; the running version stays) or no Foyer
 * answers. Sending SIGHUP to Foyer's process does the same.
 */
export function registerReload(program: Command, exit: { code: number }): void {
  program
    .command('reload')
    .description('make the running Foyer load services, flows and prompts again (calls in progress keep theirs)')
    .addOption(settingOption('httpPort'))
    .action(async (_options: unknown, command: Command) => {
      const { httpPort } = settingsFor(command);
      const url = `http://127.0.0.1:${httpPort}/reload`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        process.stderr.write(
          `foyer reload: no Foyer answers at ${url} (${cause}); is it running, on this --http-port?\n`,
        );
        exit.code = 1;
        return;
      }
      const answer = (await response.json().catch(() => ({ ok: false }))) as ReloadAnswer;
      if (response.status === 200 && answer.ok) {
        process.stdout.write(
          `reloaded: version ${answer.version} for new calls (calls in progress keep version ${answer.previous} or older)\n`,
        );
        exit.code = 0;
        return;
      }
      for (const problem of answer.problems ?? []) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(
        response.status === 422
          ? `foyer reload: not reloaded; version ${answer.version} stays in use\n`
          : `foyer reload: ${url} answered ${response.status}\n`,
      );
      exit.code = 1;
    });
}
