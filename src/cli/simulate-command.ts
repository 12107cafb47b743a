import type { Command } from 'commander';
import type { CallEvent } from '../calls/index.js';
import { createLogger } from '../observability/index.js';
import { KeyScriptError, loadScenario, parseKeyScript, runScenario, simulateCall } from '../simulator/index.js';
import { usageLogFor, type UsageLog } from '../observability/index.js';
import { bundleFor, meetingSettingsFor, settingsFor } from './load.js';
import { formatScenarioLine } from './scenario-output.js';
import { formatEvent } from './simulate-output.js';
import { UsageError } from './usage-error.js';

interface SimulateOptions {
  to?: string;
  scenario?: string;
  until?: string;
  from?: string;
  keys?: string;
  json?: boolean;
  language?: string;
  theme?: string;
}

export function registerSimulate(program: Command, exit: { code: number }): void {
  program
    .command('simulate')
    .description('run one call through the real flows, services and prompts on a simulated channel and clock')
    .option('--to <alias>', 'the alias the caller dials, for example 8000 or sip:meet.alice@example.com')
    .option('--scenario <file>', 'run several callers from a scenario file (YAML) instead of one')
    .option('--until <seconds>', 'with --scenario: stop at this simulated time')
    .option('--from <uri>', 'the caller', 'sip:caller@example.com')
    .option('--keys <script>', 'what the caller presses: 0-9 * # A-D (250 ms apart), "," one second of silence, "!" hang up')
    .option('--json', 'one JSON object per line')
    .option('--language <tag>', 'hear every prompt in this language')
    .option('--theme <name>', 'hear every prompt in this theme')
    .option('--services <file>', 'services file; also FOYER_SERVICES')
    .option('--flows <dir>', 'flows folder; also FOYER_FLOWS')
    .option('--prompts <dir>', 'prompts folder; also FOYER_PROMPTS')
    .option('--log-level <level>', 'application log level (to standard error)', 'warn')
    .option('--usage-log <target>', 'write the usage log to stdout or append it to a file; also FOYER_USAGE_LOG')
    .action(async (options: SimulateOptions, command: Command) => {
      if (options.scenario !== undefined) return runScenarioCommand(options, command, exit);
      if (options.until !== undefined) throw new UsageError('--until goes with --scenario');
      if (!options.to) throw new UsageError('simulate needs --to ALIAS (the alias the caller dials) or --scenario FILE');
      const keys = options.keys ?? (await readScriptFromStdin());
      try {
        parseKeyScript(keys);
      } catch (error) {
        if (error instanceof KeyScriptError) throw new UsageError(error.message);
        throw error;
      }
      const settings = settingsFor(command);
      const bundle = bundleFor(settings);
      if (options.language && !bundle.catalogue.languages().includes(options.language)) {
        throw new UsageError(`--language ${options.language}: no prompts in that language (have ${bundle.catalogue.languages().join(', ')})`);
      }
      if (options.theme && !bundle.catalogue.themes().includes(options.theme)) {
        throw new UsageError(`--theme ${options.theme}: no such theme (have ${bundle.catalogue.themes().join(', ')})`);
      }
      let usage: UsageLog | undefined;
      const write = (event: CallEvent, atMs: number) => {
        const line = formatEvent(event, atMs, options.json === true);
        if (line !== undefined) process.stdout.write(`${line}\n`);
      };
      await simulateCall({
        bundle,
        to: options.to,
        ...(options.from !== undefined && { from: options.from }),
        keys,
        voice: { ...(options.language && { language: options.language }), ...(options.theme && { theme: options.theme }) },
        logger: createLogger({ level: settings.logLevel }),
        meetingSettings: meetingSettingsFor(settings),
        ...(settings.usageLog && { usage: (now: () => Date) => (usage = usageLogFor(settings.usageLog, now)) }),
        onEvent: write,
      });
      await usage?.close?.();
      exit.code = 0;
    });
}

async function runScenarioCommand(options: SimulateOptions, command: Command, exit: { code: number }): Promise<void> {
  if (options.to !== undefined || options.keys !== undefined || options.from !== undefined && options.from !== 'sip:caller@example.com') {
    throw new UsageError('--scenario describes its callers itself: leave out --to, --from and --keys');
  }
  const until = options.until === undefined ? undefined : Number(options.until);
  if (until !== undefined && !(Number.isFinite(until) && until >= 0)) throw new UsageError(`--until ${options.until}: give a number of seconds`);
  const scenario = loadScenario(options.scenario!);
  let usage: UsageLog | undefined;
  const settings = settingsFor(command);
  const bundle = bundleFor(scenario.servicesFile ? { ...settings, servicesFile: scenario.servicesFile } : settings);
  const result = await runScenario({
    bundle,
    scenario,
    ...(until !== undefined && { untilMs: until * 1000 }),
    voice: { ...(options.language && { language: options.language }), ...(options.theme && { theme: options.theme }) },
    logger: createLogger({ level: settings.logLevel }),
    meetingSettings: meetingSettingsFor(settings),
    ...(settings.usageLog && { usage: (now: () => Date) => (usage = usageLogFor(settings.usageLog, now)) }),
  });
  await usage?.close?.();
  for (const { atMs, line } of result.lines) process.stdout.write(`${formatScenarioLine(line, atMs, options.json === true)}\n`);
  exit.code = 0;
}

/**
 * Without --keys, a script piped on standard input is read (so a pipe never waits for a person);
 * a terminal with nothing piped means a silent caller.
 */
async function readScriptFromStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
