import { FRAME_SAMPLES } from './g711.js';

/** How many frames of a member's audio wait for the mix at most (40 ms of jitter absorbed). */
const MAX_QUEUED = 3;

/** One voice in the mix: what it says (queued frames), whether it counts, and what only it hears. */
export interface MixerInput {
  muted: boolean;
  readonly queue: Int16Array[];
  /** A prompt for this member alone, frame by frame. */
  private?: () => Int16Array | undefined;
}

/**
 * A conference's audio: each frame, every unmuted member's latest audio is summed; each member
 * hears the sum without their own voice, plus what is played to everyone and to them alone,
 * clipped to 16 bits. Computed once per frame, when the first member's stream asks for it.
 */
export class Mixer {
  private readonly inputs = new Set<MixerInput>();
  private readonly outputs = new Map<MixerInput, Int16Array>();
  private frame = -1;
  /** What is played to everyone, frame by frame. */
  everyone: (() => Int16Array | undefined) | undefined;

  add(input: MixerInput): () => void {
    this.inputs.add(input);
    return () => {
      this.inputs.delete(input);
      this.outputs.delete(input);
    };
  }

  /** A member's audio arrived: it joins the queue (the oldest is dropped when the queue is full). */
  static push(input: MixerInput, pcm: Int16Array): void {
    input.queue.push(pcm);
    if (input.queue.length > MAX_QUEUED) input.queue.shift();
  }

  /** What `input` hears in `frame`. */
  outputFor(input: MixerInput, frame: number): Int16Array {
    if (frame !== this.frame) this.mix(frame);
    return this.outputs.get(input) ?? new Int16Array(FRAME_SAMPLES);
  }

  get size(): number {
    return this.inputs.size;
  }

  private mix(frame: number): void {
    this.frame = frame;
    const total = new Int32Array(FRAME_SAMPLES);
    const spoken = new Map<MixerInput, Int16Array>();
    for (const input of this.inputs) {
      const pcm = input.queue.shift();
      if (!pcm || input.muted) continue;
      spoken.set(input, pcm);
      for (let index = 0; index < FRAME_SAMPLES; index++) total[index] = (total[index] ?? 0) + (pcm[index] ?? 0);
    }
    const announcement = this.everyone?.();
    if (announcement)
      for (let index = 0; index < FRAME_SAMPLES; index++)
        total[index] = (total[index] ?? 0) + (announcement[index] ?? 0);
    for (const input of this.inputs) {
      const own = spoken.get(input);
      const alone = input.private?.();
      const out = new Int16Array(FRAME_SAMPLES);
      for (let index = 0; index < FRAME_SAMPLES; index++) {
        const sample = (total[index] ?? 0) - (own?.[index] ?? 0) + (alone?.[index] ?? 0);
        out[index] = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample;
      }
      this.outputs.set(input, out);
    }
  }
}
