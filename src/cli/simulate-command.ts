import type { Command } from 'commander';
import type { CallEvent } from '../calls/index.js';
import { createLogger } from '../observability/index.js';
import { KeyScriptError, parseKeyScript, simulateCall } from '../simulator/index.js';
import { realClock, scaledClock } from '../time/index.js';
import { runInteractiveCall } from './interactive-call.js';
import { bundleFor, settingsFor } from './load.js';
import { formatEvent } from './simulate-output.js';
import { UsageError } from './usage-error.js';

interface SimulateOptions {
  to?: string;
  from?: string;
  keys?: string;
  json?: boolean;
  language?: string;
  theme?: string;
  speed?: string;
}

export function registerSimulate(program: Command, exit: { code: number }): void {
  program
    .command('simulate')
    .description('run one call through the real flows, services and prompts: scripted (--keys, or a script on stdin) in simulated time, or with you at the keypad in a terminal')
    .option('--to <alias>', 'the alias the caller dials, for example 8000 or sip:meet.alice@example.com')
    .option('--from <uri>', 'the caller', 'sip:caller@example.com')
    .option('--keys <script>', 'what the caller presses: 0-9 * # A-D (250 ms apart), "," one second of silence, "!" hang up')
    .option('--json', 'one JSON object per line')
    .option('--language <tag>', 'hear every prompt in this language')
    .option('--theme <name>', 'hear every prompt in this theme')
    .option('--speed <factor>', 'interactive mode: run the clock this many times faster than real time (default 1)')
    .option('--services <file>', 'services file; also FOYER_SERVICES')
    .option('--flows <dir>', 'flows folder; also FOYER_FLOWS')
    .option('--prompts <dir>', 'prompts folder; also FOYER_PROMPTS')
    .option('--log-level <level>', 'application log level (to standard error)', 'warn')
    .action(async (options: SimulateOptions, command: Command) => {
      if (!options.to) throw new UsageError('simulate needs --to ALIAS (the alias the caller dials)');
      // A person at a terminal with no script plays the caller; pipes and CI always have a script.
      const interactive = options.keys === undefined && process.stdin.isTTY === true;
      if (interactive && options.json) throw new UsageError('--json needs --keys SCRIPT (or a script on standard input); interactive mode writes for a person');
      if (!interactive && options.speed !== undefined) throw new UsageError('--speed applies to interactive mode only (in a terminal, without --keys)');
      const speed = speedOf(options.speed);
      const keys = interactive ? '' : (options.keys ?? (await readScriptFromStdin()));
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
      const voice = { ...(options.language && { language: options.language }), ...(options.theme && { theme: options.theme }) };
      if (interactive) {
        await runInteractiveCall({
          bundle,
          to: options.to,
          ...(options.from !== undefined && { from: options.from }),
          voice,
          logger: createLogger({ level: settings.logLevel }),
          clock: speed === 1 ? realClock : scaledClock(realClock, speed),
          input: process.stdin,
          output: process.stdout,
          note: speed === 1 ? 'real time' : `${speed} times real time`,
        });
        exit.code = 0;
        return;
      }
      const write = (event: CallEvent, atMs: number) => process.stdout.write(`${formatEvent(event, atMs, options.json === true)}\n`);
      await simulateCall({
        bundle,
        to: options.to,
        ...(options.from !== undefined && { from: options.from }),
        keys,
        voice,
        logger: createLogger({ level: settings.logLevel }),
        onEvent: write,
      });
      exit.code = 0;
    });
}

/** `--speed`: a positive factor, 1 when not given. */
function speedOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value);
  if (!(Number.isFinite(speed) && speed > 0 && speed <= 1000)) throw new UsageError(`--speed ${value}: give a number above 0 and at most 1000 (2 runs twice as fast as real time)`);
  return speed;
}

/**
 * Without --keys and away from a terminal, the key script is read from standard input, so a pipe
 * never waits for a person.
 */
async function readScriptFromStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
