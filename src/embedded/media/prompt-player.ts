import type { PromptRef } from '../../prompts/index.js';
import { FRAME_SAMPLES } from './g711.js';
import type { PromptAudio } from './prompt-audio.js';
import type { Codec } from './sdp-negotiation.js';

/** One queue of prompts being sent, frame by frame, on the shared beat. */
export class PromptPlayer {
  private index = 0;
  private frame = 0;
  private finished = false;

  constructor(
    private readonly items: readonly { prompt: PromptRef; audio: PromptAudio }[],
    private readonly onStart: (prompt: PromptRef) => void,
    private readonly onDone: () => void,
  ) {}

  /** The next frame, encoded; undefined (and done) once everything has played. */
  nextEncoded(codec: Codec): Uint8Array | undefined {
    const item = this.advance();
    if (!item) return undefined;
    const bytes = item.audio.encoded(codec).subarray(this.frame * FRAME_SAMPLES, (this.frame + 1) * FRAME_SAMPLES);
    this.frame += 1;
    return bytes;
  }

  /** The next frame as PCM (for mixing with a conference). */
  nextPcm(): Int16Array | undefined {
    const item = this.advance();
    if (!item) return undefined;
    const pcm = item.audio.pcm.subarray(this.frame * FRAME_SAMPLES, (this.frame + 1) * FRAME_SAMPLES);
    this.frame += 1;
    return pcm;
  }

  /** Moves on `frames` frames without sending them (frames the beat skipped after a stall). */
  skip(frames: number): void {
    for (let step = 0; step < frames && this.advance(); step++) this.frame += 1;
  }

  /** Ends at once (barge-in, hangup); the play resolves. */
  stop(): void {
    this.index = this.items.length;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onDone();
  }

  private advance(): { prompt: PromptRef; audio: PromptAudio } | undefined {
    for (;;) {
      const item = this.items[this.index];
      if (!item) {
        this.finish();
        return undefined;
      }
      if (this.frame === 0 && item.audio.frames > 0) this.onStart(item.prompt);
      if (this.frame < item.audio.frames) return item;
      this.index += 1;
      this.frame = 0;
    }
  }
}
