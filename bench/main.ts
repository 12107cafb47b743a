import { Command, InvalidArgumentError } from 'commander';
import { bareXStateApp } from './bare-xstate.js';
import { runBaseline } from './baseline.js';
import { loadDirectory } from './load-directory.js';
import { canForceGc } from './memory.js';
import { buildReport, formatTable, machine } from './report.js';
import { runLoad, type LoadSettings } from './run-load.js';
import { DEFAULT_MIX, parseMix } from './scenarios.js';

/**
 * `npm run bench -- [options]`: many callers through Foyer's real call session, flows, directory,
 * prompts and meeting rules in this process, over in-process channels; prints what it measured.
 */
function number(min: number, integer = false) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value)))
      throw new InvalidArgumentError(`must be ${integer ? 'a whole number' : 'a number'} >= ${min}`);
    return value;
  };
}

interface Flags {
  calls?: number;
  concurrency: number;
  rate: number;
  duration?: number;
  seed: number;
  clock: string;
  speed: number;
  hold: number;
  guests: number;
  rooms: number;
  mix: string;
  ramp: number;
  logLevel: string;
  baseline: boolean;
  metrics: boolean;
  soak?: number;
  soakSample: number;
  drain: number;
  json: boolean;
}

const program = new Command('bench')
  .description('Load benchmark: callers through reception, room number, PIN and meeting, in one process')
  .option('--calls <n>', 'calls in total (default 9000, or unlimited with --duration/--soak)', number(1, true))
  .option('--concurrency <n>', 'calls in flight at most', number(1, true), 2000)
  .option('--rate <n>', 'new calls per second (0: as fast as the concurrency allows)', number(0), 300)
  .option('--duration <s>', 'stop starting calls after this many seconds', number(0.1))
  .option('--seed <n>', 'seed of every random choice (rooms, PINs, timing, scenarios)', number(0, true), 1)
  .option(
    '--speed <x>',
    'time scale factor: prompts, keys, flow and meeting timers run x times as fast',
    number(0.01),
    10,
  )
  .option(
    '--clock <kind>',
    'real: real timers scaled by --speed; virtual: simulated time, no waiting (measures CPU only)',
    'real',
  )
  .option('--hold <s>', 'mean seconds an admitted caller stays in the meeting (scaled by --speed)', number(0), 5)
  .option('--guests <fraction>', 'share of admitted callers who use the guest PIN', number(0), 0.5)
  .option('--rooms <n>', 'meeting rooms in the generated directory', number(1, true), 1000)
  .option('--mix <spec>', `scenario weights (join, retry, wrong_pin, hangup)`, DEFAULT_MIX)
  .option('--ramp <s>', 'seconds over which the concurrency limit rises to its full value', number(0), 1)
  .option('--log-level <level>', 'Foyer application log level (written to a sink that drops it)', 'info')
  .option('--no-baseline', 'skip the baselines: the same calls through bare XState, and bare timers')
  .option('--no-metrics', 'do not feed Prometheus metrics (foyer start always does)')
  .option('--soak <minutes>', 'soak: run this long at --rate and sample live heap and handles', number(0.1))
  .option('--soak-sample <s>', 'seconds between soak samples', number(1), 30)
  .option('--drain <s>', 'seconds to wait for calls in flight once arrivals stop', number(1), 120)
  .option('--json', 'print one JSON object instead of a table', false)
  .showHelpAfterError();

const BASELINE_CALLS = 20_000;

async function main(): Promise<number> {
  program.parse();
  const flags = program.opts<Flags>();
  const soak = flags.soak !== undefined;
  if (flags.clock !== 'real' && flags.clock !== 'virtual')
    throw new InvalidArgumentError('--clock must be real or virtual');
  if (soak && flags.rate === 0) throw new InvalidArgumentError('--soak needs a steady --rate');
  const durationS = soak ? flags.soak! * 60 : flags.duration;
  const settings: LoadSettings = {
    calls: flags.calls ?? (durationS !== undefined ? Number.POSITIVE_INFINITY : 9000),
    concurrency: flags.concurrency,
    rate: flags.rate,
    durationS,
    rampS: flags.ramp,
    seed: flags.seed,
    clock: flags.clock === 'virtual' ? 'virtual' : 'real',
    speed: flags.speed,
    holdMs: flags.hold * 1000,
    guests: Math.min(1, flags.guests),
    mix: parseMix(flags.mix),
    logLevel: flags.logLevel,
    metrics: flags.metrics,
    soakSampleS: soak ? flags.soakSample : undefined,
    drainS: flags.drain,
  };
  if (!canForceGc())
    process.stderr.write(
      'bench: node runs without --expose-gc: heap per call is an upper bound (garbage included); use npm run bench\n',
    );
  const atStart = machine();
  const directory = loadDirectory(flags.rooms, flags.seed);
  const result = await runLoad(settings, directory);
  const perCall = result.completed > 0 ? result.timersSet / result.completed : 0;
  const clearedPerCall = result.completed > 0 ? result.timersCleared / result.completed : 0;
  const firing = Math.max(1, Math.round(perCall - clearedPerCall));
  // The same callers (same seed) on a fresh clock of the same kind, after Foyer's run, in this process.
  const bareXState = flags.baseline ? await runLoad(settings, directory, bareXStateApp) : undefined;
  const baseline =
    flags.baseline && settings.clock === 'real'
      ? await runBaseline({
          // Enough calls for a steady CPU figure per call; more would only make the run longer.
          calls: Math.min(result.completed, BASELINE_CALLS),
          concurrency: settings.concurrency,
          rate: settings.rate,
          durationS: undefined,
          rampS: settings.rampS,
          firingPerCall: firing,
          clearedPerCall,
          stepMs: result.meanCallMs / firing,
        })
      : undefined;
  const report = buildReport(settings, result, baseline, atStart, bareXState);
  process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatTable(report)}\n`);
  if (!report.ok)
    process.stderr.write(
      `bench: FAILED: ${result.lost} calls lost, ${result.unexpected} ended otherwise than their scenario says` +
        (bareXState ? `; bare XState: ${bareXState.lost} lost, ${bareXState.unexpected} otherwise\n` : '\n'),
    );
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
