import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

/** Helpers of the SIPp runs (ramp.ts, compare.ts): ports, processes, Foyer's HTTP endpoints. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A pid, or the pid in a pid file; undefined when neither. */
export function pidFrom(fileOrPid: string): number | undefined {
  if (/^\d+$/.test(fileOrPid)) return Number(fileOrPid);
  try {
    const pid = Number(readFileSync(fileOrPid, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Foyer's /health, or undefined while it does not answer. */
export async function health(url: string): Promise<{ ok: boolean; calls: number } | undefined> {
  try {
    return (await (await fetch(`${url}/health`)).json()) as { ok: boolean; calls: number };
  } catch {
    return undefined;
  }
}

/** Series of a Prometheus exposition by name and labels, summed over the labels not given. */
export function series(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}

/** Settles with the exit code when the process exits. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Stops a process with SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, exit: Promise<unknown>, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (!(await Promise.race([exit.then(() => true), sleep(graceMs).then(() => false)]))) child.kill('SIGKILL');
}

/** Peak resident set size of a process (VmHWM), MB; undefined when /proc does not say. */
export function peakRssMB(pid: number): number | undefined {
  try {
    const kB = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB === undefined ? undefined : Math.round(Number(kB) / 102.4) / 10;
  } catch {
    return undefined;
  }
}

/** SIPp's arguments for reception-pin.xml's caller (run in the folder holding it and its pcap): whom it calls, how long it stays. */
export const receptionCaller = (sip: string, to: string, stayMs: number): string[] => [
  sip,
  '-sf',
  'reception-pin.xml',
  '-s',
  to,
  '-i',
  '127.0.0.1',
  '-p',
  '0',
  '-d',
  String(stayMs),
];

/** A command-line number that must be above 0. */
export function positive(text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError('must be a number > 0');
  return value;
}

/** Node's options that write the process's CPU profile into `dir` when one is given (`npx tsx bench/profile-top.ts FILE` reads it). */
export const cpuProfiling = (dir: string | undefined): string[] =>
  dir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(dir)];

/** Node's arguments for `foyer start` from checkout `root` on the demo services, /health and /metrics on `httpPort`. */
export const foyerStart = (root: string, httpPort: number, cpuProf: string | undefined): string[] => [
  ...cpuProfiling(cpuProf),
  join(root, 'bin/foyer.js'),
  'start',
  '--allow-demo-services',
  '--http-port',
  String(httpPort),
  '--log-level',
  'info',
];
