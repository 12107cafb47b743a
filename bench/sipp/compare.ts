import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { cpuMs } from '../cpu-time.js';
import { compareRows, formatComparison, type AppRun } from './comparison.js';
import { dtmfPcap } from './dtmf-pcap.js';
import {
  cpuProfiling,
  exited,
  foyerStart,
  freePort,
  health,
  peakRssMB,
  pidFrom,
  positive,
  receptionCaller,
  series,
  sleep,
  stopProcess,
} from './processes.js';
import { sipOptions } from './sip-options.js';
import { readSippResults } from './sipp-results.js';
import { RUN_TYPESCRIPT } from '../run-typescript.js';

/**
 * `npm run bench:sipp -- [options]`: Foyer against the bare reference app (bare-app.ts) on real
 * drachtio-server and FreeSWITCH. For each rate, runs each app in turn (Foyer, bare, Foyer, bare:
 * --rounds pairs), each in a fresh process under the same SIPp load, and prints per app and rate
 * the calls, their CPU per call in the app's process and in both servers, the app's peak RSS and
 * its CPU when idle, and Foyer's ratios to the bare app. Hold `flock /tmp/telephony.lock` (or your
 * own lock) when others share the servers.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');

const rates = (text: string) => text.split(',').map((part) => positive(part.trim()));

const program = new Command('bench:sipp')
  .description('Foyer against a bare drachtio-srf + drachtio-fsmrf app, A B A B, under the same SIPp load')
  .option(
    '--sip <host:port>',
    "drachtio-server's SIP address (env FOYER_BENCH_SIP)",
    process.env.FOYER_BENCH_SIP ?? '127.0.0.1:5060',
  )
  .option(
    '--drachtio <host:port:secret>',
    'drachtio-server admin port (env FOYER_DRACHTIO)',
    process.env.FOYER_DRACHTIO ?? '127.0.0.1:9022:cymru',
  )
  .option(
    '--freeswitch <host:port:secret>',
    'FreeSWITCH event socket (env FOYER_FREESWITCH)',
    process.env.FOYER_FREESWITCH ?? '127.0.0.1:8021:ClueCon',
  )
  .option('--freeswitch-pid <file|pid>', "FreeSWITCH's pid (file); without it its CPU is not reported")
  .option('--drachtio-pid <file|pid>', "drachtio-server's pid (file); without it its CPU is not reported")
  .option('--rates <list>', 'calls per second, one comparison each', rates, [1, 3, 6])
  .option('--seconds <s>', 'seconds of calls per run (calls = rate x seconds)', positive, 30)
  .option('--rounds <n>', 'Foyer-then-bare pairs per rate', positive, 2)
  .option(
    '--stay <ms>',
    'ms a caller stays after its keys start (keys, please hold, PIN, ~15 s in the meeting)',
    positive,
    20_000,
  )
  .option('--idle <s>', 'seconds of idle CPU measured before each run', positive, 10)
  .option('--to <alias>', 'the reception the callers dial', '8000')
  .option('--keys <script>', 'what the callers key (room, pause, PIN); "," is a second', '1001#,,,,1234#')
  .option('--room <number:host[:guest]>', "the bare app's room (Foyer's is in its services file)", '1001:1234:5678')
  .option('--cpu-prof <dir>', "write each app process's CPU profile (node --cpu-prof) into this folder")
  .option('--json', 'print one JSON object', false);

interface Flags {
  sip: string;
  drachtio: string;
  freeswitch: string;
  freeswitchPid?: string;
  drachtioPid?: string;
  rates: number[];
  seconds: number;
  rounds: number;
  stay: number;
  idle: number;
  to: string;
  keys: string;
  room: string;
  cpuProf?: string;
  json: boolean;
}

/** A started app: its process, when it is ready to take calls, and how many callers it joined so far. */
interface StartedApp {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  joined(): Promise<number>;
  /** Waits until the app has no call left (or a while). */
  drained(): Promise<void>;
}

async function startFoyer(flags: Flags, folder: string, log: number): Promise<StartedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, foyerStart(ROOT, port, flags.cpuProf), {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: { ...process.env, FOYER_DRACHTIO: flags.drachtio, FOYER_FREESWITCH: flags.freeswitch },
  });
  const exit = exited(child);
  for (let waited = 0; !(await health(url))?.ok; waited += 250) {
    if (waited > 30_000 || child.exitCode !== null) {
      // Left running, it would connect later and take a share of the next runs' calls.
      await stopProcess(child, exit);
      throw new Error(`Foyer did not connect to drachtio-server and FreeSWITCH; see ${folder}/apps.log`);
    }
    await sleep(250);
  }
  const admitted = async () =>
    series(await (await fetch(`${url}/metrics`)).text(), 'foyer_flow_transitions_total', {
      flow: 'pin-entry',
      state: 'admitted',
    });
  const before = await admitted();
  return {
    child,
    exit,
    joined: async () => (await admitted()) - before,
    drained: async () => {
      for (let waited = 0; ((await health(url))?.calls ?? 0) > 0 && waited < 60_000; waited += 250) await sleep(250);
    },
  };
}

async function startBare(flags: Flags, folder: string, log: number): Promise<StartedApp> {
  const child = spawn(
    process.execPath,
    [
      ...cpuProfiling(flags.cpuProf),
      ...RUN_TYPESCRIPT,
      join(HERE, 'bare-app.ts'),
      '--drachtio',
      flags.drachtio,
      '--freeswitch',
      flags.freeswitch,
      '--room',
      flags.room,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', log] },
  );
  const exit = exited(child);
  let joined = 0;
  let ready!: () => void;
  const readyNow = new Promise<void>((done) => (ready = done));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') ready();
    if (line.startsWith('joined ')) joined++;
  });
  let isReady = false;
  void readyNow.then(() => (isReady = true));
  const gaveUp = Promise.race([exit, sleep(30_000)]).then(async () => {
    if (isReady) return;
    await stopProcess(child, exit);
    throw new Error(`the bare app did not connect to drachtio-server and FreeSWITCH; see ${folder}/apps.log`);
  });
  await Promise.race([readyNow, gaveUp]);
  gaveUp.catch(() => undefined);
  return {
    child,
    exit,
    joined: () => Promise.resolve(joined),
    drained: async () => {
      // SIPp has hung up every call: give the app a moment to release them.
      await sleep(2000);
    },
  };
}

async function runApp(app: 'foyer' | 'bare', rate: number, flags: Flags, folder: string): Promise<AppRun> {
  const [sipHost = '127.0.0.1', sipPort = '5060'] = flags.sip.split(':');
  const log = openSync(join(folder, 'apps.log'), 'a');
  const started = app === 'foyer' ? await startFoyer(flags, folder, log) : await startBare(flags, folder, log);
  const pid = started.child.pid!;
  try {
    const others = await sipOptions(sipHost, Number(sipPort));
    if (others !== undefined && others !== 503 && app === 'bare')
      process.stderr.write(
        `compare: something answers OPTIONS at ${flags.sip} (${others}): another app may share the calls\n`,
      );
    await sleep(2000);
    const idleFrom = cpuMs(pid);
    await sleep(flags.idle * 1000);
    const idleTo = cpuMs(pid);
    const pids = {
      app: pid,
      freeswitch: flags.freeswitchPid ? pidFrom(flags.freeswitchPid) : undefined,
      drachtio: flags.drachtioPid ? pidFrom(flags.drachtioPid) : undefined,
    };
    const cpu = () =>
      Object.fromEntries(Object.entries(pids).map(([name, id]) => [name, id === undefined ? undefined : cpuMs(id)]));
    const before = cpu();
    const calls = Math.max(1, Math.round(rate * flags.seconds));
    const stats = join(folder, `stats-${app}-${rate}-${Date.now()}.csv`);
    const sipp = spawn(
      'sipp',
      [
        ...receptionCaller(flags.sip, flags.to, flags.stay),
        '-r',
        String(rate),
        '-m',
        String(calls),
        '-l',
        String(Math.ceil(rate * (flags.stay / 1000 + 10))),
        '-trace_stat',
        '-stf',
        stats,
        '-fd',
        '5',
        '-nostdin',
      ],
      { cwd: folder, stdio: ['ignore', 'ignore', openSync(join(folder, 'sipp.stderr'), 'a')] },
    );
    const sippExit = await exited(sipp);
    await started.drained();
    const after = cpu();
    const results = readSippResults(folder, stats);
    const spent = (name: string) => {
      const from = before[name];
      const to = after[name];
      return from === undefined || to === undefined ? null : to - from;
    };
    return {
      app,
      rate,
      sippExit,
      calls: results.created,
      ok: results.successful,
      failed: results.failed,
      joined: await started.joined(),
      appCpuMs: spent('app'),
      freeswitchCpuMs: spent('freeswitch'),
      drachtioCpuMs: spent('drachtio'),
      peakRssMB: peakRssMB(pid) ?? null,
      idleCpuMsPerS: idleFrom === undefined || idleTo === undefined ? null : (idleTo - idleFrom) / flags.idle,
    };
  } finally {
    await stopProcess(started.child, started.exit);
  }
}

async function main(): Promise<number> {
  const flags = program.parse().opts<Flags>();
  const folder = mkdtempSync(join(tmpdir(), 'foyer-compare-'));
  writeFileSync(join(folder, 'reception-pin.pcap'), dtmfPcap({ keys: flags.keys }));
  copyFileSync(join(HERE, 'reception-pin.xml'), join(folder, 'reception-pin.xml'));
  const runs: AppRun[] = [];
  for (const rate of flags.rates)
    for (let round = 0; round < flags.rounds; round++)
      for (const app of ['foyer', 'bare'] as const) {
        process.stderr.write(`compare: ${app} at ${rate} calls/s, round ${round + 1} of ${flags.rounds}\n`);
        runs.push(await runApp(app, rate, flags, folder));
      }
  const rows = compareRows(runs);
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
  if (flags.json) process.stdout.write(`${JSON.stringify({ machine, flags, runs, rows, files: folder })}\n`);
  else process.stdout.write(`${formatComparison(machine, rows)}\nfiles (SIPp statistics, app logs): ${folder}\n`);
  const ok = runs.every((run) => run.sippExit === 0 && run.failed === 0 && run.joined === run.calls);
  if (!ok) process.stderr.write('compare: not every call reached the conference (see the table)\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`compare: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
