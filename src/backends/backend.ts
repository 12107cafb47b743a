import type { CallTransfer, InboundCall } from '../calls/index.js';
import type { EmbeddedTelephony } from '../embedded/index.js';
import type { FoyerOptions } from '../main.js';
import type { ConferenceBridge } from '../meetings/index.js';
import type { Metrics, Resources } from '../observability/index.js';
import type { AbuseGuard } from '../security/index.js';

/** What every telephony back-end is given by the composition root. */
export interface BackendContext {
  readonly options: FoyerOptions;
  readonly resources: Resources;
  readonly metrics: Metrics;
  readonly guard: AbuseGuard;
  readonly operationTimeoutMs: number;
  /** Runs a call; settles when the call is over (a back-end counts its media until then). */
  readonly onCall: (call: InboundCall) => Promise<unknown>;
  readonly draining: () => boolean;
  readonly calls: () => number;
}

/** What a telephony back-end gives the rest of Foyer: calls (through `onCall`), conferences, health. */
export interface Backend {
  readonly bridge: ConferenceBridge;
  readonly embedded?: EmbeddedTelephony;
  /** How it transfers callers to rooms hosted elsewhere, when it can (it refuses at startup the targets it cannot do). */
  readonly transfer?: CallTransfer;
  /** Whether it can take calls now. */
  ok(): boolean;
  health(): Record<string, unknown>;
  start(): void;
  stop(): Promise<void>;
}
