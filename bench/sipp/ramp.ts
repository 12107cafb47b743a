import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { cpuMs } from '../cpu-time.js';
import { dtmfPcap } from './dtmf-pcap.js';
import {
  exited,
  foyerStart,
  freePort,
  health,
  pidFrom,
  positive,
  receptionCaller,
  series,
  sleep,
  stopProcess,
} from './processes.js';
import { sipOptions } from './sip-options.js';
import { percentile, readSippResults } from './sipp-results.js';

/**
 * `npx tsx bench/sipp/ramp.ts [options]`: a call-rate ramp through a real drachtio-server and
 * FreeSWITCH. Starts Foyer (`foyer start`), has SIPp call the reception at a rising rate with the
 * room number and PIN as RFC 4733 events, waits for every call to end, reads SIPp's figures,
 * Foyer's /metrics and the CPU time each server used, stops Foyer and prints what it found.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');

const program = new Command('ramp')
  .option('--sip <host:port>', "drachtio-server's SIP address", '127.0.0.1:5060')
  .option('--to <alias>', 'the reception the callers dial', '8000')
  .option('--keys <script>', 'what the callers key (room number, pause, PIN); "," is a second', '1001#,,,,1234#')
  .option('--rate <cps>', 'calls per second at the start', positive, 1)
  .option('--rate-step <cps>', 'added to the rate every --step seconds', positive, 1)
  .option('--step <s>', 'seconds per step (also how often SIPp writes statistics)', positive, 5)
  .option('--rate-max <cps>', 'the rate stops rising here', positive, 5)
  .option('--calls <n>', 'calls in total', positive, 60)
  .option('--stay <ms>', 'ms a caller stays after its keys start (keys, please hold, PIN, meeting)', positive, 12_000)
  .option('--limit <n>', 'calls in progress at most (SIPp -l)', positive, 500)
  .option('--freeswitch-pid <file>', "FreeSWITCH's pid file (without it, FreeSWITCH's CPU time is not reported)")
  .option(
    '--drachtio-pid <file>',
    "drachtio-server's pid file (without it, drachtio-server's CPU time is not reported)",
  )
  .option('--cpu-prof <dir>', 'write a CPU profile of Foyer (node --cpu-prof) into this folder')
  .option('--json', 'print one JSON object', false);

interface Flags {
  sip: string;
  to: string;
  keys: string;
  rate: number;
  rateStep: number;
  step: number;
  rateMax: number;
  calls: number;
  stay: number;
  limit: number;
  freeswitchPid?: string;
  drachtioPid?: string;
  cpuProf?: string;
  json: boolean;
}

async function main(): Promise<number> {
  const flags = program.parse().opts<Flags>();
  const [sipHost = '127.0.0.1', sipPort = '5060'] = flags.sip.split(':');
  const before = await sipOptions(sipHost, Number(sipPort));
  // No answer: drachtio-server is down (Foyer will not connect, and the run stops there), or an
  // application that ignores OPTIONS is connected and will take some of the calls.
  if (before === undefined)
    process.stderr.write(
      `ramp: nothing answers OPTIONS at ${flags.sip}: drachtio-server is down (start it first) or another application is connected and will take some calls\n`,
    );
  else if (before !== 503)
    process.stderr.write(
      `ramp: another application answers OPTIONS at ${flags.sip} (${before}):` +
        ' drachtio-server shares INVITEs among connected applications, so some calls will go there\n',
    );

  const folder = mkdtempSync(join(tmpdir(), 'foyer-ramp-'));
  writeFileSync(join(folder, 'reception-pin.pcap'), dtmfPcap({ keys: flags.keys }));
  copyFileSync(join(HERE, 'reception-pin.xml'), join(folder, 'reception-pin.xml'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(join(folder, 'foyer.log'), 'a');
  const foyer = spawn(process.execPath, foyerStart(ROOT, port, flags.cpuProf), {
    cwd: ROOT,
    stdio: ['ignore', log, log],
  });
  const foyerExit = exited(foyer);
  const stopFoyer = () => stopProcess(foyer, foyerExit);
  process.once('SIGINT', () => void stopFoyer().then(() => process.exit(130)));
  try {
    for (let waited = 0; !(await health(url))?.ok; waited += 250) {
      if (waited > 30_000 || foyer.exitCode !== null)
        throw new Error(`Foyer did not connect to drachtio-server and FreeSWITCH; see ${join(folder, 'foyer.log')}`);
      await sleep(250);
    }
    const pids = {
      foyer: foyer.pid!,
      freeswitch: flags.freeswitchPid ? pidFrom(flags.freeswitchPid) : undefined,
      drachtio: flags.drachtioPid ? pidFrom(flags.drachtioPid) : undefined,
    };
    const cpuBefore = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : cpuMs(pid)]),
    );
    const metricsBefore = await (await fetch(`${url}/metrics`)).text();
    const started = performance.now();
    const stats = join(folder, 'stats.csv');
    const sippArgs = [
      ...receptionCaller(flags.sip, flags.to, flags.stay),
      '-r',
      String(flags.rate),
      '-rate_increase',
      String(flags.rateStep),
      '-fd',
      String(flags.step),
      '-rate_max',
      String(flags.rateMax),
      '-no_rate_quit',
      '-m',
      String(flags.calls),
      '-l',
      String(flags.limit),
      '-trace_stat',
      '-stf',
      stats,
      '-trace_rtt',
      '-rtt_freq',
      '1',
      '-trace_err',
      '-nostdin',
    ];
    const sipp = spawn('sipp', sippArgs, {
      cwd: folder,
      stdio: ['ignore', 'ignore', openSync(join(folder, 'sipp.stderr'), 'a')],
    });
    const sippCode = await exited(sipp);
    const sippS = (performance.now() - started) / 1000;
    for (let waited = 0; ((await health(url))?.calls ?? 0) > 0 && waited < 60_000; waited += 250) await sleep(250);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const cpuAfter = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : cpuMs(pid)]),
    );
    await stopFoyer();

    const results = readSippResults(folder, stats);
    const delta = (name: string, labels?: Record<string, string>) =>
      series(metrics, name, labels) - series(metricsBefore, name, labels);
    // Foyer's time per call it handled; the servers' per call SIPp made (another application
    // connected to drachtio-server takes some calls, but they still go through both servers).
    const handled = {
      foyer: Math.max(1, delta('foyer_calls_total')),
      freeswitch: Math.max(1, results.created),
      drachtio: Math.max(1, results.created),
    };
    const cpuPerCall = Object.fromEntries(
      Object.entries(handled).map(([name, calls]) => {
        const from = cpuBefore[name];
        const to = cpuAfter[name];
        return [name, from === undefined || to === undefined ? null : Math.round(((to - from) / calls) * 100) / 100];
      }),
    );
    const setupCount = delta('foyer_call_setup_seconds_count');
    const joinCount = delta('foyer_pin_to_join_seconds_count');
    const report = {
      machine: {
        nproc: availableParallelism(),
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
      },
      ramp: {
        from: flags.rate,
        step: flags.rateStep,
        everyS: flags.step,
        max: flags.rateMax,
        calls: flags.calls,
        stayMs: flags.stay,
        keys: flags.keys,
        sippExit: sippCode,
        seconds: Math.round(sippS),
      },
      sipp: {
        created: results.created,
        successful: results.successful,
        failed: results.failed,
        peakCallRate: Math.max(0, ...results.steps.map((step) => step.callRate)),
        inviteTo200Ms: {
          p50: percentile(results.responseTimesMs, 50),
          p99: percentile(results.responseTimesMs, 99),
          max: percentile(results.responseTimesMs, 100),
        },
        steps: results.steps,
      },
      foyer: {
        callsEnded: delta('foyer_calls_total'),
        admitted: delta('foyer_flow_transitions_total', { flow: 'pin-entry', state: 'admitted' }),
        goodPins: delta('foyer_pin_attempts_total', { result: 'good' }),
        badPins: delta('foyer_pin_attempts_total', { result: 'bad' }),
        rfc4733Keys: delta('foyer_dtmf_total', { transport: 'rfc4733' }),
        meanSetupS:
          setupCount > 0 ? Math.round((delta('foyer_call_setup_seconds_sum') / setupCount) * 1000) / 1000 : null,
        meanPinToJoinS:
          joinCount > 0 ? Math.round((delta('foyer_pin_to_join_seconds_sum') / joinCount) * 1000) / 1000 : null,
      },
      cpuMsPerCall: cpuPerCall,
      files: folder,
    };
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else print(report);
    const ok = sippCode === 0 && results.failed === 0 && report.foyer.admitted === results.created;
    if (!ok)
      process.stderr.write(
        `ramp: not every call got through (SIPp exit ${sippCode}, ${results.failed} failed,` +
          ` ${report.foyer.admitted} of ${results.created} admitted by Foyer); files in ${folder}\n`,
      );
    return ok ? 0 : 1;
  } finally {
    await stopFoyer();
  }
}

function print(report: {
  machine: Record<string, unknown>;
  ramp: Record<string, unknown>;
  sipp: {
    created: number;
    successful: number;
    failed: number;
    peakCallRate: number;
    inviteTo200Ms: Record<string, number | null>;
    steps: readonly {
      elapsedS: number;
      targetRate: number;
      callRate: number;
      currentCalls: number;
      successful: number;
      failed: number;
    }[];
  };
  foyer: Record<string, number | null>;
  cpuMsPerCall: Record<string, number | null>;
  files: string;
}): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`machine: ${JSON.stringify(report.machine)}`);
  out(`ramp: ${JSON.stringify(report.ramp)}`);
  out('   s  target  calls/s  in progress  ok  failed');
  for (const step of report.sipp.steps)
    out(
      [
        String(step.elapsedS).padStart(4),
        String(step.targetRate).padStart(6),
        step.callRate.toFixed(2).padStart(7),
        String(step.currentCalls).padStart(11),
        String(step.successful).padStart(2),
        String(step.failed).padStart(6),
      ].join('  '),
    );
  out(
    [
      `SIPp: ${report.sipp.created} calls, ${report.sipp.successful} successful, ${report.sipp.failed} failed`,
      `peak ${report.sipp.peakCallRate.toFixed(2)} calls/s`,
      `INVITE to 200 OK p50 ${report.sipp.inviteTo200Ms.p50} ms, p99 ${report.sipp.inviteTo200Ms.p99} ms,` +
        ` max ${report.sipp.inviteTo200Ms.max} ms`,
    ].join('; '),
  );
  out(
    [
      `Foyer: ${report.foyer.callsEnded} calls ended, ${report.foyer.admitted} admitted,` +
        ` PINs ${report.foyer.goodPins} good / ${report.foyer.badPins} bad, ${report.foyer.rfc4733Keys} RFC 4733 keys`,
      `mean setup (INVITE to first prompt) ${report.foyer.meanSetupS} s,` +
        ` mean last PIN key to admitted ${report.foyer.meanPinToJoinS} s`,
    ].join('; '),
  );
  out(
    `CPU ms per call: Foyer ${report.cpuMsPerCall.foyer} (per call it handled),` +
      ` FreeSWITCH ${report.cpuMsPerCall.freeswitch}, drachtio-server ${report.cpuMsPerCall.drachtio}` +
      ' (per call SIPp made; everything each process did during the ramp)',
  );
  out(`files (SIPp statistics, Foyer log): ${report.files}`);
}

if (!existsSync(join(HERE, 'reception-pin.xml'))) throw new Error('reception-pin.xml is missing beside ramp.ts');
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ramp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
