import { Call } from '../../src/dialer/index.js';

/**
 * `tsx bench/embedded/callers.ts ALIAS COUNT PORT WARMUP_MS MEASURE_MS`: COUNT calls to the
 * embedded endpoint on 127.0.0.1:PORT, placed 10 at a time. After WARMUP_MS it prints
 * `measuring`, measures every received packet's distance from the 20 ms beat for MEASURE_MS,
 * prints `done` and one JSON line of figures, and hangs up. Runs in its own process so that
 * Foyer's CPU time is Foyer's alone.
 */
const [alias = '8000', countText = '10', portText = '5060', warmupText = '4000', measureText = '10000'] =
  process.argv.slice(2);
const count = Number(countText);
const to = { host: '127.0.0.1', port: Number(portText) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const calls: Call[] = [];
for (let placed = 0; placed < count; placed += 10) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(10, count - placed) }, () => Call.place({ alias, to })),
  );
  calls.push(...batch);
}
const answered = calls.filter((call) => call.status === 200);
await sleep(Number(warmupText));
for (const call of answered) call.recording.resetJitter();
const heardBefore = answered.map((call) => call.recording.heardMs);
process.stdout.write('measuring\n');
await sleep(Number(measureText));
process.stdout.write('done\n');
const samples = answered.flatMap((call) => [...call.recording.jitterSamples]).sort((a, b) => a - b);
const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? NaN;
const stillUp = answered.filter((call) => !call.isEnded).length;
const heardMs = answered.map((call, index) => call.recording.heardMs - heardBefore[index]!);
process.stdout.write(
  `${JSON.stringify({
    placed: calls.length,
    answered: answered.length,
    stillUp,
    packets: samples.length,
    p50: at(50),
    p99: at(99),
    max: samples.at(-1) ?? NaN,
    minHeardMs: Math.min(...heardMs),
  })}\n`,
);
await Promise.all(answered.map((call) => call.hangup()));
process.exit(0);
