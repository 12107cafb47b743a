import type { Clock, TimerHandle } from '../../time/index.js';
import { FRAME_MS } from './g711.js';

/** How late a tick may be before the missed frames are dropped rather than sent in a burst. */
const MAX_CATCH_UP_FRAMES = 3;

/**
 * The 20 ms beat every RTP stream and mixer of the process sends on. Each frame's due time is
 * computed from the start (start + n * 20 ms), never from the last tick, so the beat does not
 * drift however late single ticks fire. A tick up to three frames late runs the missed frames
 * at once; a longer stall skips them (the timestamps still advance, as after packet loss). Runs
 * only while something listens, on the injected clock.
 */
export class FrameClock {
  private readonly listeners = new Set<(frame: number) => void>();
  private start = 0;
  private frame = 0;
  /** The pending tick, while anything listens. */
  private timer: { readonly handle: TimerHandle } | undefined;
  /** After each frame's packets went out: how long after the frame's due time, in ms (its send jitter). */
  onFrameSent: ((lateMs: number) => void) | undefined;

  constructor(private readonly clock: Clock) {}

  /** Calls `listener` once per frame with the frame's number; returns the unsubscribe. */
  subscribe(listener: (frame: number) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === undefined) {
      this.start = this.clock.now();
      this.frame = 0;
      this.schedule();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== undefined) {
        this.clock.clearTimeout(this.timer.handle);
        this.timer = undefined;
      }
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  private schedule(): void {
    const due = this.start + (this.frame + 1) * FRAME_MS;
    this.timer = { handle: this.clock.setTimeout(() => this.tick(), Math.max(0, due - this.clock.now())) };
  }

  private tick(): void {
    const now = this.clock.now();
    const behind = Math.floor((now - this.start) / FRAME_MS) - this.frame;
    let frames = Math.max(1, behind);
    if (behind > MAX_CATCH_UP_FRAMES) {
      this.frame += behind - 1;
      frames = 1;
    }
    for (let step = 0; step < frames; step++) {
      this.frame += 1;
      for (const listener of [...this.listeners]) {
        try {
          listener(this.frame);
        } catch {
          // One stream's failure must not silence the others; the stream reports its own errors.
        }
      }
      this.onFrameSent?.(this.clock.now() - (this.start + this.frame * FRAME_MS));
    }
    if (this.listeners.size > 0) this.schedule();
    else this.timer = undefined;
  }
}
