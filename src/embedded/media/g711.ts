import alawmulaw from 'alawmulaw';
import type { Codec } from './sdp-negotiation.js';

/** Samples in one 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;

/** G.711 through alawmulaw (a maintained pure-JS codec): 16-bit PCM to one byte per sample and back. */
export function encode(codec: Codec, pcm: Int16Array): Uint8Array {
  return codec === 'PCMU' ? alawmulaw.mulaw.encode(pcm) : alawmulaw.alaw.encode(pcm);
}

export function decode(codec: Codec, payload: Uint8Array): Int16Array {
  return codec === 'PCMU' ? alawmulaw.mulaw.decode(payload) : alawmulaw.alaw.decode(payload);
}

const SILENCE: Record<Codec, Uint8Array> = {
  PCMU: encode('PCMU', new Int16Array(FRAME_SAMPLES)),
  PCMA: encode('PCMA', new Int16Array(FRAME_SAMPLES)),
};

/** One frame of silence, encoded (0xFF in µ-law, 0xD5 in A-law). */
export function silenceFrame(codec: Codec): Uint8Array {
  return SILENCE[codec];
}

/** Root mean square of PCM samples: how loud a stretch of audio is (0 for digital silence). */
export function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return pcm.length === 0 ? 0 : Math.sqrt(sum / pcm.length);
}
