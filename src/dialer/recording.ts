import { writeFileSync } from 'node:fs';
import { FRAME_SAMPLES, rms } from '../embedded/media/g711.js';

/** A frame louder than this (RMS of 16-bit samples) counts as sound; G.711 silence and line noise stay far below. */
export const SOUND_RMS = 200;

/**
 * What a caller heard: decoded frames in arrival order, how much of it was sound, and how
 * regularly the packets came (inter-arrival jitter: how far each gap was from 20 ms).
 */
export class Recording {
  private readonly frames: Int16Array[] = [];
  private lastArrival: number | undefined;
  private readonly deviations: number[] = [];
  soundFrames = 0;

  add(pcm: Int16Array, arrivalMs: number): void {
    this.frames.push(pcm);
    if (rms(pcm) >= SOUND_RMS) this.soundFrames += 1;
    if (this.lastArrival !== undefined) this.deviations.push(Math.abs(arrivalMs - this.lastArrival - 20));
    this.lastArrival = arrivalMs;
  }

  get heardMs(): number {
    return this.frames.reduce((total, frame) => total + (frame.length / FRAME_SAMPLES) * 20, 0);
  }

  get soundMs(): number {
    return this.soundFrames * 20;
  }

  /** Forgets the jitter seen so far (a benchmark measures after the calls have settled). */
  resetJitter(): void {
    this.deviations.length = 0;
  }

  /** Every packet's distance from the 20 ms beat so far, in ms. */
  get jitterSamples(): readonly number[] {
    return this.deviations;
  }

  /** The p-th percentile (0-100) of the packets' distance from the 20 ms beat, in ms. */
  jitter(p: number): number {
    if (this.deviations.length === 0) return 0;
    const sorted = [...this.deviations].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  }

  /** Loudness (RMS) of the frames from `fromMs` on: what the caller hears in a stretch. */
  energyAfter(fromMs: number): number {
    const tail = this.frames.slice(Math.floor(fromMs / 20));
    if (tail.length === 0) return 0;
    return Math.sqrt(tail.reduce((sum, frame) => sum + rms(frame) ** 2, 0) / tail.length);
  }

  /** The recording as an 8 kHz 16-bit mono WAV. */
  toWav(): Buffer {
    const samples = this.frames.reduce((total, frame) => total + frame.length, 0);
    const data = Buffer.alloc(samples * 2);
    let offset = 0;
    for (const frame of this.frames)
      for (const sample of frame) {
        data.writeInt16LE(sample, offset);
        offset += 2;
      }
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(16000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(data.length, 40);
    return Buffer.concat([header, data]);
  }

  save(file: string): void {
    writeFileSync(file, this.toWav());
  }
}
