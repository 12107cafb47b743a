import type { LoadSettings } from '../../bench/run-load.js';
import { parseMix } from '../../bench/scenarios.js';

/** A small benchmark run on the virtual clock with every scenario: seconds, not minutes. */
export const SMALL_RUN: LoadSettings = {
  calls: 40,
  concurrency: 10,
  rate: 0,
  durationS: undefined,
  rampS: 0,
  seed: 3,
  clock: 'virtual',
  speed: 1,
  holdMs: 2000,
  guests: 0.5,
  mix: parseMix('join=1,retry=1,wrong_pin=1,hangup=1'),
  logLevel: 'silent',
  metrics: true,
  soakSampleS: undefined,
  drainS: 600,
};
