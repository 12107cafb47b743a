import type { Command } from 'commander';
import { withPolicy, type Bundle } from '../bundle/index.js';
import type { CallEvent } from '../calls/index.js';
import type { Settings } from '../config/index.js';
import { createLogger } from '../observability/index.js';
import { Meetings } from '../meetings/index.js';
import {
  KeyScriptError,
  loadScenario,
  parseKeyScript,
  runScenario,
  SimulatedBridge,
  simulateCall,
} from '../simulator/index.js';
import { usageLogFor, type Logger, type UsageLog } from '../observability/index.js';
import { policyFrom } from '../security/index.js';
import { realClock, scaledClock } from '../time/index.js';
import { nearest } from '../yaml/index.js';
import { runInteractiveCall } from './interactive-call.js';
import { bundleFor, meetingSettingsFor, settingsFor } from './load.js';
import { policyFor } from './policy-for.js';
import { formatScenarioLine } from './scenario-output.js';
import { formatEvent } from './simulate-output.js';
import { settingOption } from './setting-options.js';
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
  speed?: string;
  untilEnd?: boolean;
}

/** A simulation's output is the call: the application log only speaks up when something is wrong. */
const SIMULATE_DEFAULTS = { logLevel: 'warn' } as const;

export function registerSimulate(program: Command, exit: { code: number }): void {
  program
    .command('simulate')
    .description(
      'run one call through the real flows, services and prompts: scripted (--keys, or a script on stdin)' +
        ' in simulated time, or with you at the keypad in a terminal; or several callers (--scenario)',
    )
    .option('--to <alias>', 'the alias the caller dials, for example 8000 or sip:meet.alice@example.com')
    .option('--scenario <file>', 'run several callers from a scenario file (YAML) instead of one')
    .option('--until <seconds>', 'with --scenario: stop at this simulated time')
    .option('--from <uri>', 'the caller', 'sip:caller@example.com')
    .option(
      '--keys <script>',
      'what the caller presses: 0-9 * # A-D (250 ms apart), "," one second of silence, "!" hang up',
    )
    .option('--json', 'one JSON object per line')
    .option('--language <tag>', 'hear every prompt in this language')
    .option('--theme <name>', 'hear every prompt in this theme')
    .option(
      '--until-end',
      "go on after admission until the caller leaves the meeting: keys reach it (*6, a host's *5 *7 ##) and you hear what it says",
    )
    .option('--speed <factor>', 'interactive mode: run the clock this many times faster than real time (default 1)')
    .addOption(settingOption('servicesFile'))
    .addOption(settingOption('flowsDir'))
    .addOption(settingOption('promptsDir'))
    .addOption(settingOption('logLevel'))
    .addOption(settingOption('logFormat'))
    .addOption(settingOption('usageLog'))
    .addOption(settingOption('policyUrl'))
    .action(async (options: SimulateOptions, command: Command) => {
      if (options.scenario !== undefined) return runScenarioCommand(options.scenario, options, command, exit);
      if (options.until !== undefined) throw new UsageError('--until goes with --scenario');
      const untilEnd = options.untilEnd === true;
      if (!options.to)
        throw new UsageError('simulate needs --to ALIAS (the alias the caller dials) or --scenario FILE');
      // A person at a terminal with no script plays the caller; pipes and CI always have a script.
      const interactive = options.keys === undefined && process.stdin.isTTY;
      if (interactive && options.json)
        throw new UsageError(
          '--json needs --keys SCRIPT (or a script on standard input); interactive mode writes for a person',
        );
      if (!interactive && options.speed !== undefined)
        throw new UsageError('--speed applies to interactive mode only (in a terminal, without --keys)');
      const speed = speedOf(options.speed);
      const keys = interactive ? '' : (options.keys ?? (await readScriptFromStdin()));
      try {
        parseKeyScript(keys);
      } catch (error) {
        if (error instanceof KeyScriptError) throw new UsageError(error.message);
        throw error;
      }
      const settings = settingsFor(command, SIMULATE_DEFAULTS);
      const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
      const policy = policyFor(settings, logger);
      try {
        const bundle = withPolicy(bundleFor(settings), policy);
        await simulateOne({ options, to: options.to, settings, bundle, keys, interactive, speed, logger, untilEnd });
      } finally {
        // The policy server's connection pool would keep the process alive.
        await policy?.close();
      }
      exit.code = 0;
    });
}

/** How one simulated call runs: the command's options, and what the action worked out from them. */
interface OneCall {
  readonly options: SimulateOptions;
  readonly to: string;
  readonly settings: Settings;
  readonly bundle: Bundle;
  readonly keys: string;
  readonly interactive: boolean;
  readonly speed: number;
  readonly logger: Logger;
  /** Go on after admission until the caller leaves the meeting. */
  readonly untilEnd: boolean;
}

async function simulateOne({
  options,
  to,
  settings,
  bundle,
  keys,
  interactive,
  speed,
  logger,
  untilEnd,
}: OneCall): Promise<void> {
  if (options.language && !bundle.catalogue.languages().includes(options.language)) {
    throw new UsageError(
      `--language ${options.language}: no prompts in that language (have ${bundle.catalogue.languages().join(', ')})`,
    );
  }
  if (options.theme && !bundle.catalogue.themes().includes(options.theme)) {
    throw new UsageError(`--theme ${options.theme}: no such theme (have ${bundle.catalogue.themes().join(', ')})`);
  }
  const voice = {
    ...(options.language && { language: options.language }),
    ...(options.theme && { theme: options.theme }),
  };
  if (interactive) {
    const clock = speed === 1 ? realClock : scaledClock(realClock, speed);
    const meetings = new Meetings({
      bridge: new SimulatedBridge(),
      clock,
      settings: meetingSettingsFor(settings),
      meetingFlow: (room) => bundle.flows.meetingFlowFor(room),
      roomFlow: (room) => bundle.flows.roomFlowFor(room),
      logger,
    });
    await runInteractiveCall({
      bundle,
      to,
      ...(options.from !== undefined && { from: options.from }),
      voice,
      logger,
      clock,
      input: process.stdin,
      output: process.stdout,
      note: speed === 1 ? 'real time' : `${speed} times real time`,
      admit: (request) => meetings.admit(request),
      untilEnd,
    });
    return;
  }
  let usage: UsageLog | undefined;
  const write = (event: CallEvent, atMs: number) => {
    const line = formatEvent(event, atMs, options.json === true);
    if (line !== undefined) process.stdout.write(`${line}\n`);
  };
  const { end } = await simulateCall({
    bundle,
    to,
    ...(options.from !== undefined && { from: options.from }),
    keys,
    voice,
    logger,
    meetingSettings: meetingSettingsFor(settings),
    securityPolicy: policyFrom(settings),
    untilEnd,
    ...(settings.usageLog && { usage: (now: () => Date) => (usage = usageLogFor(settings.usageLog, { now })) }),
    onEvent: write,
  });
  if (end.outcome === 'rejected' && end.reason === 'unknown_alias') warnUnknownAlias(to, bundle);
  await usage?.close?.();
}

async function runScenarioCommand(
  scenarioFile: string,
  options: SimulateOptions,
  command: Command,
  exit: { code: number },
): Promise<void> {
  if (
    options.to !== undefined ||
    options.keys !== undefined ||
    (options.from !== undefined && options.from !== 'sip:caller@example.com')
  ) {
    throw new UsageError('--scenario describes its callers itself: leave out --to, --from and --keys');
  }
  const until = options.until === undefined ? undefined : Number(options.until);
  if (until !== undefined && !(Number.isFinite(until) && until >= 0))
    throw new UsageError(`--until ${options.until}: give a number of seconds`);
  const scenario = loadScenario(scenarioFile);
  let usage: UsageLog | undefined;
  const configured = settingsFor(command, SIMULATE_DEFAULTS);
  const settings = {
    ...configured,
    ...(scenario.servicesFile !== undefined && { servicesFile: scenario.servicesFile }),
    ...(scenario.policyUrl !== undefined && { policyUrl: scenario.policyUrl }),
  };
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const policy = policyFor(settings, logger);
  const result = await Promise.resolve()
    .then(() =>
      runScenario({
        bundle: withPolicy(bundleFor(settings), policy),
        scenario,
        ...(until !== undefined && { untilMs: until * 1000 }),
        voice: {
          ...(options.language && { language: options.language }),
          ...(options.theme && { theme: options.theme }),
        },
        logger,
        meetingSettings: meetingSettingsFor(settings),
        securityPolicy: policyFrom({ ...settings, ...scenario.security }),
        ...(settings.usageLog && { usage: (now: () => Date) => (usage = usageLogFor(settings.usageLog, { now })) }),
      }),
    )
    // The policy server's connection pool would keep the process alive.
    .finally(() => policy?.close());
  await usage?.close?.();
  for (const { atMs, line } of result.lines)
    process.stdout.write(`${formatScenarioLine(line, atMs, options.json === true)}\n`);
  exit.code = 0;
}

/** The simulation ran, but the alias was probably mistyped: say so, with the aliases it may have meant. */
function warnUnknownAlias(alias: string, bundle: Bundle): void {
  const near = nearest(
    alias,
    bundle.directory.services().flatMap((service) => service.aliases),
  );
  process.stderr.write(
    `foyer: no service has the alias "${alias}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (foyer services lists them)\n`,
  );
}

/** `--speed`: a positive factor, 1 when not given. */
function speedOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value);
  if (!(Number.isFinite(speed) && speed > 0 && speed <= 1000))
    throw new UsageError(
      `--speed ${value}: give a number above 0 and at most 1000 (2 runs twice as fast as real time)`,
    );
  return speed;
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
