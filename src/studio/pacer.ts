import { realClock, type Clock, type SimulatedClock, type TimerHandle } from '../time/index.js';

/** How often the simulated clock is brought up to date, in real milliseconds. */
const TICK_MS = 20;

/**
 * Runs a simulated clock in step with real time, `speed` times as fast. The studio's calls run in
 * a SimulationWorld (the simulator's own clock, media and meetings) and a person listens: the
 * scaled clock fixes its speed when a call starts, while a designer switches between 1× and 4×
 * during the call, so the world's clock is paced instead.
 */
export class Pacer {
  private speed: number;
  private lastReal: number;
  /** The simulated time real time has reached. */
  private due: number;
  private timer: TimerHandle | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private readonly clock: SimulatedClock,
    speed: number,
    private readonly base: Clock = realClock,
  ) {
    this.speed = checkedSpeed(speed);
    this.lastReal = base.now();
    this.due = clock.now();
  }

  start(): void {
    this.lastReal = this.base.now();
    this.due = this.clock.now();
    this.schedule();
  }

  setSpeed(speed: number): void {
    const checked = checkedSpeed(speed);
    this.catchUp();
    this.speed = checked;
  }

  get currentSpeed(): number {
    return this.speed;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.base.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.base.setTimeout(() => void this.tick(), TICK_MS);
  }

  private async tick(): Promise<void> {
    // The next tick is due whatever this one takes; one still bringing the world up to date skips it.
    this.schedule();
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      await this.clock.runUntil(this.catchUp());
    } finally {
      this.running = false;
    }
  }

  /** Adds the real time gone by since last asked, at the current speed, to the simulated time due. */
  private catchUp(): number {
    const now = this.base.now();
    this.due += (now - this.lastReal) * this.speed;
    this.lastReal = now;
    return this.due;
  }
}

function checkedSpeed(speed: number): number {
  if (!(Number.isFinite(speed) && speed >= 1 && speed <= 16))
    throw new RangeError(`speed must be from 1 to 16 (times real time), not ${speed}`);
  return speed;
}
