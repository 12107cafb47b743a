/** When new calls start: at most `concurrency` in flight, at most `rate` a second, for `calls` calls or `durationS` seconds. */
export interface ArrivalPlan {
  readonly calls: number;
  readonly concurrency: number;
  /** Calls a second; 0: as fast as the concurrency allows. */
  readonly rate: number;
  /** Stop starting calls after this many seconds (of the timebase); unlimited when undefined. */
  readonly durationS: number | undefined;
  /** Seconds over which the concurrency limit rises to its full value, so calls do not all start in one tick. */
  readonly rampS: number;
}

const TICK_MS = 5;

/** The time arrivals are planned in: the wall clock, or a virtual clock. */
export interface Timebase {
  now(): number;
  every(ms: number, tick: () => void): () => void;
}

export const wallClock: Timebase = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

/**
 * Starts calls by the plan and settles when the last one has finished (or the drain limit
 * passed). `start` must call `finished()` once for every call it starts.
 */
export class Arrivals {
  started = 0;
  finished = 0;
  private readonly origin: number;
  private stopTicking: (() => void) | undefined;
  private closedAt: number | undefined;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly plan: ArrivalPlan,
    private readonly start: (index: number) => void,
    private readonly time: Timebase = wallClock,
  ) {
    this.origin = time.now();
  }

  get inFlight(): number {
    return this.started - this.finished;
  }

  /** Seconds since the plan began. */
  get elapsedS(): number {
    return (this.time.now() - this.origin) / 1000;
  }

  /** How far through its arrivals the plan is, 0 to 1. */
  get progress(): number {
    const byCalls = Number.isFinite(this.plan.calls) ? this.started / this.plan.calls : 0;
    const byTime = this.plan.durationS !== undefined ? this.elapsedS / this.plan.durationS : 0;
    return Math.min(1, Math.max(byCalls, byTime));
  }

  get open(): boolean {
    return this.closedAt === undefined;
  }

  /** Seconds since arrivals stopped (0 while they go on). */
  get closedForS(): number {
    return this.closedAt === undefined ? 0 : (this.time.now() - this.closedAt) / 1000;
  }

  begin(): void {
    this.stopTicking = this.time.every(TICK_MS, () => this.tick());
    this.tick();
  }

  /** A call has ended; in a closed loop another may start at once. */
  callFinished(): void {
    this.finished++;
    if (this.open) this.tick();
    else if (this.inFlight === 0) this.resolveDone();
  }

  /** Stops starting calls (the drain limit passed, or the benchmark gives up). */
  close(): void {
    if (this.closedAt === undefined) this.closedAt = this.time.now();
    this.stopTicking?.();
    this.stopTicking = undefined;
    if (this.inFlight === 0) this.resolveDone();
  }

  /** Gives up waiting for calls in flight. */
  abandon(): void {
    this.close();
    this.resolveDone();
  }

  private tick(): void {
    const elapsed = this.elapsedS;
    if (this.started >= this.plan.calls || (this.plan.durationS !== undefined && elapsed >= this.plan.durationS)) {
      this.close();
      return;
    }
    const limit =
      this.plan.rampS > 0
        ? Math.max(1, Math.floor(this.plan.concurrency * Math.min(1, elapsed / this.plan.rampS)))
        : this.plan.concurrency;
    const allowed =
      this.plan.rate > 0 ? Math.min(this.plan.calls, Math.floor(this.plan.rate * elapsed) + 1) : this.plan.calls;
    while (this.started < allowed && this.inFlight < limit) this.start(this.started++);
  }
}
