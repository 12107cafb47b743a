import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { createLogger } from '../observability/index.js';
import { policyFrom } from '../security/index.js';
import { bundlePage, FlowFiles, startStudioServer } from '../studio/index.js';
import { LoadError, type Problem } from '../yaml/index.js';
import { bundleFor, meetingSettingsFor, settingsFor } from './load.js';
import { settingOption } from './setting-options.js';
import { UsageError } from './usage-error.js';

/** The page is the output: the application log only speaks up when something is wrong. */
const STUDIO_DEFAULTS = { logLevel: 'warn' } as const;

interface StudioOptions {
  port: string;
  host: string;
  open?: boolean;
}

/**
 * `foyer studio`: a local web page to see, edit, check and try the flows (docs/studio.md). Serves
 * this project's flows, prompts and services file until Ctrl-C.
 */
export function registerStudio(program: Command): void {
  program
    .command('studio')
    .description('serve the flow studio: see, edit, check and try the flows in a web page (docs/studio.md)')
    .option('--port <port>', 'port to serve on (0: any free port)', '4800')
    .option(
      '--host <address>',
      'address to listen on; anything but loopback lets others on the network edit your flows',
      '127.0.0.1',
    )
    .option('--open', 'open the page in the default browser')
    .addOption(settingOption('servicesFile'))
    .addOption(settingOption('flowsDir'))
    .addOption(settingOption('promptsDir'))
    .addOption(settingOption('logLevel'))
    .action(async (options: StudioOptions, command: Command) => {
      const port = Number(options.port);
      if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
        throw new UsageError(`--port ${options.port}: give a port number from 0 to 65535`);
      const settings = settingsFor(command, STUDIO_DEFAULTS);
      const logger = createLogger({ level: settings.logLevel });
      const studio = await startStudioServer({
        host: options.host,
        port,
        root: process.cwd(),
        sources: settings,
        flows: new FlowFiles(settings.flowsDir),
        loadBundle: () => bundleFor(settings),
        checkPrompts: () => promptProblems(() => bundleFor(settings, { checkPrompts: true })),
        meetingSettings: meetingSettingsFor(settings),
        securityPolicy: policyFrom(settings),
        logger,
        page: await bundlePage(),
      });
      process.stdout.write(`Foyer studio: ${studio.url}  (flows in ${settings.flowsDir}; Ctrl-C stops)\n`);
      if (options.open) openBrowser(studio.url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void studio.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/** What `foyer check` says of the prompts, or every problem that keeps them from loading. */
function promptProblems(load: () => unknown): Problem[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof LoadError) return [...error.problems];
    throw error;
  }
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => process.stderr.write(`foyer: could not open a browser; open ${url} yourself\n`))
    .unref();
}
