import { FRAME_SAMPLES } from './g711.js';

const ROWS = [697, 770, 852, 941];
const COLUMNS = [1209, 1336, 1477, 1633];
const LAYOUT = ['123A', '456B', '789C', '*0#D'];
const RATE = 8000;

const coefficients = (frequencies: number[]) =>
  frequencies.map((frequency) => 2 * Math.cos((2 * Math.PI * frequency) / RATE));
const ROW_COEFFICIENTS = coefficients(ROWS);
const COLUMN_COEFFICIENTS = coefficients(COLUMNS);

/** Energy at one frequency over a frame (Goertzel). */
function power(samples: Int16Array, coefficient: number): number {
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

/**
 * Keys pressed as tones in the audio, for callers without telephone-event (as FreeSWITCH's
 * start_dtmf does for the other back-end). A key counts once it sounds in two frames in a row
 * (40 ms, as Q.24 asks), with one clear row and one clear column tone well above the others,
 * and again only after a gap.
 */
export class InbandDtmfDetector {
  private candidate: string | undefined;
  private frames = 0;
  private reported = false;

  /** Feeds one 20 ms frame; returns a key when a press is recognised. */
  receive(frame: Int16Array): string | undefined {
    const key = frame.length === FRAME_SAMPLES ? this.keyIn(frame) : undefined;
    if (key === undefined) {
      this.candidate = undefined;
      this.frames = 0;
      this.reported = false;
      return undefined;
    }
    if (key !== this.candidate) {
      this.candidate = key;
      this.frames = 1;
      this.reported = false;
      return undefined;
    }
    this.frames += 1;
    if (this.frames >= 2 && !this.reported) {
      this.reported = true;
      return key;
    }
    return undefined;
  }

  private keyIn(frame: Int16Array): string | undefined {
    let energy = 0;
    for (const sample of frame) energy += sample * sample;
    if (energy < FRAME_SAMPLES * 200 * 200) return undefined;
    const rows = ROW_COEFFICIENTS.map((coefficient) => power(frame, coefficient));
    const columns = COLUMN_COEFFICIENTS.map((coefficient) => power(frame, coefficient));
    const row = strongest(rows);
    const column = strongest(columns);
    if (row === undefined || column === undefined) return undefined;
    // The two tones must carry most of the frame's energy (speech spreads it wider).
    const toneEnergy = (((rows[row] ?? 0) + (columns[column] ?? 0)) * 2) / FRAME_SAMPLES;
    if (toneEnergy < energy * 0.5) return undefined;
    return LAYOUT[row]?.[column];
  }
}

/** The index of the clearly strongest value (at least 4 times any other), if one is. */
function strongest(values: number[]): number | undefined {
  const top = Math.max(...values);
  const best = values.indexOf(top);
  const clear = values.every((value, index) => index === best || value * 4 < top);
  return best >= 0 && clear ? best : undefined;
}

/** One frame of a key's two tones (the dialer's inband keys, and tests). */
export function toneFrame(key: string, frameIndex: number, amplitude = 6000): Int16Array {
  const rowIndex = LAYOUT.findIndex((line) => line.includes(key.toUpperCase()));
  const low = ROWS[rowIndex];
  const high = COLUMNS[LAYOUT[rowIndex]?.indexOf(key.toUpperCase()) ?? -1];
  if (low === undefined || high === undefined) throw new Error(`"${key}" is not a DTMF key`);
  const frame = new Int16Array(FRAME_SAMPLES);
  for (let index = 0; index < FRAME_SAMPLES; index++) {
    const t = (frameIndex * FRAME_SAMPLES + index) / RATE;
    frame[index] = Math.round(amplitude * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
  }
  return frame;
}
