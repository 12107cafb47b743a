import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { cpuMs } from '../cpu-time.js';
import { RUN_TYPESCRIPT } from '../run-typescript.js';

/**
 * `npx tsx bench/embedded/limits.ts [--mode ivr|conference] [--calls 25,50,100]`: how many calls
 * one core of the embedded endpoint carries. For each count, starts `foyer start` (embedded, its
 * own process), has that many callers (another process, bench/embedded/callers.ts) call the
 * reception (ivr: prompts and waiting for keys) or the open room 1000 (conference: one mixer with
 * every caller in it), and measures over a steady window Foyer's CPU time, how late after its
 * due time each 20 ms frame had been sent to every call (Foyer's `foyer_rtp_send_lateness_seconds`:
 * the jitter Foyer adds, as histogram bucket bounds), and how far each packet the callers received
 * was from the 20 ms beat. Callers and Foyer share the machine, so the received figure is an upper
 * bound: it includes the callers' own delays.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const program = new Command('limits')
  .option('--mode <mode>', 'ivr (callers at the reception) or conference (all in one room)', 'ivr')
  .option('--calls <list>', 'counts of calls to try, comma-separated', '25,50,100,150')
  .option('--warmup <ms>', 'time after the last call is placed before measuring', '4000')
  .option('--measure <ms>', 'length of the measuring window', '10000')
  .option('--port <port>', 'SIP port for the Foyer under test', '5089')
  .option('--http-port <port>', "the Foyer under test's /metrics port", '8099');
program.parse();
const flags = program.opts<{
  mode: string;
  calls: string;
  warmup: string;
  measure: string;
  port: string;
  httpPort: string;
}>();

/** Cumulative counts of `foyer_rtp_send_lateness_seconds` by bucket bound (seconds), from /metrics. */
async function sendLateness(): Promise<Map<number, number>> {
  const text = await (await fetch(`http://127.0.0.1:${flags.httpPort}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^foyer_rtp_send_lateness_seconds_bucket\{le="([^"]+)"\} (\d+)/gm))
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  return buckets;
}

/** The bucket bound (ms) under which p percent of the frames in the window were sent. */
function percentileMs(before: Map<number, number>, after: Map<number, number>, p: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const bound of bounds)
    if ((after.get(bound) ?? 0) - (before.get(bound) ?? 0) >= (p / 100) * total) return bound * 1000;
  return Infinity;
}
const alias = flags.mode === 'conference' ? '1000' : '8000';

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout! }).on('line', onLine);
}

async function step(calls: number): Promise<Record<string, unknown>> {
  const foyer = spawn(
    process.execPath,
    [
      resolve(ROOT, 'bin/foyer.js'),
      'start',
      '--sip',
      `127.0.0.1:${flags.port}`,
      '--http-port',
      flags.httpPort,
      '--log-level',
      'warn',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, FOYER_TELEPHONY: 'embedded', FOYER_ANNOUNCE_PARTICIPANT_COUNT: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((done) => setTimeout(done, 3000));
  const callers = spawn(
    process.execPath,
    [
      ...RUN_TYPESCRIPT,
      resolve(ROOT, 'bench/embedded/callers.ts'),
      alias,
      String(calls),
      flags.port,
      flags.warmup,
      flags.measure,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let startCpu = 0;
  let startAt = 0;
  let foyerCpuMs = 0;
  let windowMs = 0;
  let result: Record<string, unknown> = {};
  let bare: Promise<number> = Promise.resolve(NaN);
  let before = Promise.resolve(new Map<number, number>());
  let after = Promise.resolve(new Map<number, number>());
  lines(foyer, () => undefined);
  await new Promise<void>((done) => {
    lines(callers, (line) => {
      if (line === 'measuring') {
        bare = baseline();
        startCpu = cpuMs(foyer.pid!) ?? NaN;
        startAt = performance.now();
        before = sendLateness();
      } else if (line === 'done') {
        foyerCpuMs = (cpuMs(foyer.pid!) ?? NaN) - startCpu;
        windowMs = performance.now() - startAt;
        after = sendLateness();
      } else if (line.startsWith('{')) result = JSON.parse(line) as Record<string, unknown>;
    });
    callers.on('close', () => done());
  });
  const [start, end, bareTimerP99] = await Promise.all([before, after, bare]);
  const sendP50 = percentileMs(start, end, 50);
  const sendP99 = percentileMs(start, end, 99);
  foyer.kill('SIGTERM');
  await new Promise((done) => foyer.on('close', done));
  const corePercent = (foyerCpuMs / windowMs) * 100;
  const { p50, p99, max, ...rest } = result as { p50: number; p99: number; max: number };
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    calls,
    ...rest,
    sendP50Ms: sendP50,
    sendP99Ms: sendP99,
    receivedP50Ms: round(p50),
    receivedP99Ms: round(p99),
    receivedMaxMs: round(max),
    bareTimerP99,
    foyerCorePercent: Math.round(corePercent * 10) / 10,
    callsPerCore: Math.round((calls / corePercent) * 100),
  };
}

/**
 * The baseline in the same run, during the same window: how late a bare drift-free 20 ms timer
 * loop in its own process fires (p99, ms). On a shared machine no sender can do better.
 */
const BARE_LOOP = `const start=performance.now();let n=0;const late=[];
function tick(){const now=performance.now();if(n>0)late.push(Math.abs(now-(start+n*20)));n++;
if(now-start<${Number(flags.measure)})setTimeout(tick,Math.max(0,start+n*20-performance.now()));
else{late.sort((a,b)=>a-b);console.log(late[Math.floor(late.length*0.99)].toFixed(2))}}tick();`;

async function baseline(): Promise<number> {
  const child = spawn(process.execPath, ['-e', BARE_LOOP], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((done) => child.on('close', done));
  return Number(out.trim());
}

process.stdout.write(
  `embedded telephony, ${flags.mode}: ${flags.calls} calls; load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}\n`,
);
for (const calls of flags.calls.split(',').map(Number)) {
  const row = await step(calls);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
