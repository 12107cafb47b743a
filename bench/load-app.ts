import type { Role } from '../src/directory/index.js';
import type { SimulatedCall } from '../src/simulator/index.js';
import type { LoadClock } from './load-clock.js';
import type { LoadDirectory } from './load-directory.js';

/** How the IVR part of a call ended, before any meeting. */
export interface IvrEnd {
  readonly outcome: string;
  readonly reason: string;
  readonly role: Role | null;
}

/** How a call ended: `admitted` when it got past the IVR into its room. */
export interface LoadCallEnd {
  readonly outcome: string;
  readonly reason: string;
  readonly admitted: boolean;
}

/** What a benchmark app needs beyond the directory and clock of the run. */
export interface LoadAppSettings {
  readonly logLevel: string;
  /** Feed Prometheus metrics as `foyer start` does. */
  readonly metrics: boolean;
}

/**
 * What the benchmark drives: Foyer, or a bare app doing the same call. It handles each call the
 * callers make, and tells when the IVR ends (the callers then stay for their hold time).
 */
export interface LoadApp {
  handle(call: SimulatedCall, ivrEnded: (end: IvrEnd) => void): Promise<LoadCallEnd>;
  /** Usage records written (none for a bare app). */
  readonly usageRecords: number;
  /** After the run, once every call has ended. */
  close(): Promise<void>;
}

export type LoadAppFactory = (settings: LoadAppSettings, directory: LoadDirectory, clock: LoadClock) => LoadApp;
