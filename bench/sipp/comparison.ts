/** One app's run at one rate: what SIPp saw and what each process spent. */
export interface AppRun {
  readonly app: 'foyer' | 'bare';
  readonly rate: number;
  readonly sippExit: number | null;
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  /** Callers the app put into the conference. */
  readonly joined: number;
  /** CPU ms (user + system, every thread, /proc) spent during the calls; null where not measured. */
  readonly appCpuMs: number | null;
  readonly freeswitchCpuMs: number | null;
  readonly drachtioCpuMs: number | null;
  readonly peakRssMB: number | null;
  readonly idleCpuMsPerS: number | null;
}

/** An app's runs at one rate, summed: CPU per call over every call of every run. */
export interface AppFigures {
  readonly runs: number;
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  readonly joined: number;
  readonly appCpuMsPerCall: number | null;
  readonly freeswitchCpuMsPerCall: number | null;
  readonly drachtioCpuMsPerCall: number | null;
  readonly peakRssMB: number | null;
  readonly idleCpuMsPerS: number | null;
}

export interface ComparisonRow {
  readonly rate: number;
  readonly foyer: AppFigures;
  readonly bare: AppFigures;
  /** Foyer's figure divided by the bare app's. */
  readonly ratios: {
    readonly appCpuPerCall: number | null;
    readonly freeswitchCpuPerCall: number | null;
    readonly drachtioCpuPerCall: number | null;
    readonly peakRss: number | null;
    readonly idleCpu: number | null;
  };
}

/** Issue 18's targets for the real-call comparison. */
export const COMPARISON_TARGETS = { appCpuPerCall: 1.2, idleCpu: 2 } as const;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function figures(runs: readonly AppRun[]): AppFigures {
  const sum = (pick: (run: AppRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const calls = sum((run) => run.calls);
  const perCall = (pick: (run: AppRun) => number | null) => {
    const values = runs.map(pick);
    if (calls === 0 || values.some((value) => value === null)) return null;
    return round(values.reduce<number>((total, value) => total + value!, 0) / calls, 2);
  };
  const known = (pick: (run: AppRun) => number | null) =>
    runs.map(pick).filter((value): value is number => value !== null);
  const rss = known((run) => run.peakRssMB);
  const idle = known((run) => run.idleCpuMsPerS);
  return {
    runs: runs.length,
    calls,
    ok: sum((run) => run.ok),
    failed: sum((run) => run.failed),
    joined: sum((run) => run.joined),
    appCpuMsPerCall: perCall((run) => run.appCpuMs),
    freeswitchCpuMsPerCall: perCall((run) => run.freeswitchCpuMs),
    drachtioCpuMsPerCall: perCall((run) => run.drachtioCpuMs),
    peakRssMB: rss.length > 0 ? Math.max(...rss) : null,
    idleCpuMsPerS: idle.length > 0 ? round(idle.reduce((a, b) => a + b, 0) / idle.length, 2) : null,
  };
}

const ratio = (foyer: number | null, bare: number | null) =>
  foyer === null || bare === null || bare === 0 ? null : round(foyer / bare, 2);

/** Per rate, Foyer's runs and the bare app's, and Foyer's ratios. */
export function compareRows(runs: readonly AppRun[]): ComparisonRow[] {
  const rateList = [...new Set(runs.map((run) => run.rate))];
  return rateList.map((rate) => {
    const foyer = figures(runs.filter((run) => run.rate === rate && run.app === 'foyer'));
    const bare = figures(runs.filter((run) => run.rate === rate && run.app === 'bare'));
    return {
      rate,
      foyer,
      bare,
      ratios: {
        appCpuPerCall: ratio(foyer.appCpuMsPerCall, bare.appCpuMsPerCall),
        freeswitchCpuPerCall: ratio(foyer.freeswitchCpuMsPerCall, bare.freeswitchCpuMsPerCall),
        drachtioCpuPerCall: ratio(foyer.drachtioCpuMsPerCall, bare.drachtioCpuMsPerCall),
        peakRss: ratio(foyer.peakRssMB, bare.peakRssMB),
        idleCpu: ratio(foyer.idleCpuMsPerS, bare.idleCpuMsPerS),
      },
    };
  });
}

const show = (value: number | null) => (value === null ? '-' : String(value));
const times = (value: number | null) => (value === null ? '-' : `${value}x`);
const verdict = (value: number | null, target: number) =>
  value === null ? 'not measured' : value <= target ? 'met' : 'MISSED';

/** The comparison as a table: one line per app and rate, then Foyer's ratios with the targets. */
export function formatComparison(machine: Record<string, unknown>, rows: readonly ComparisonRow[]): string {
  const header = [
    'calls/s',
    'app',
    'runs',
    'calls',
    'ok',
    'failed',
    'joined',
    'app CPU ms/call',
    'FreeSWITCH ms/call',
    'drachtio ms/call',
    'peak RSS MB',
    'idle CPU ms/s',
  ];
  const table: string[][] = [header];
  for (const row of rows)
    for (const [name, app] of [
      ['foyer', row.foyer],
      ['bare', row.bare],
    ] as const)
      table.push([
        String(row.rate),
        name,
        String(app.runs),
        String(app.calls),
        String(app.ok),
        String(app.failed),
        String(app.joined),
        show(app.appCpuMsPerCall),
        show(app.freeswitchCpuMsPerCall),
        show(app.drachtioCpuMsPerCall),
        show(app.peakRssMB),
        show(app.idleCpuMsPerS),
      ]);
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const lines = [`machine: ${JSON.stringify(machine)}`];
  for (const line of table) lines.push(line.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
  for (const row of rows) {
    const r = row.ratios;
    lines.push(
      `Foyer / bare at ${row.rate} calls/s: app CPU per call ${times(r.appCpuPerCall)}` +
        ` (target <= ${COMPARISON_TARGETS.appCpuPerCall}x: ${verdict(r.appCpuPerCall, COMPARISON_TARGETS.appCpuPerCall)}),` +
        ` FreeSWITCH ${times(r.freeswitchCpuPerCall)}, drachtio-server ${times(r.drachtioCpuPerCall)},` +
        ` peak RSS ${times(r.peakRss)}, idle CPU ${times(r.idleCpu)}` +
        ` (target <= ${COMPARISON_TARGETS.idleCpu}x: ${verdict(r.idleCpu, COMPARISON_TARGETS.idleCpu)})`,
    );
  }
  return lines.join('\n');
}
