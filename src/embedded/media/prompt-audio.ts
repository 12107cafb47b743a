import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import type { Logger } from '../../observability/index.js';
import { readWavInfo, type PromptRef } from '../../prompts/index.js';
import { encode, FRAME_SAMPLES } from './g711.js';
import type { Codec } from './sdp-negotiation.js';

const RATE = 8000;

/** One prompt ready to send: 8 kHz PCM (for mixing) and G.711 (for a call on its own), in whole frames. */
export interface PromptAudio {
  readonly pcm: Int16Array;
  /** Encoded lazily, once per codec. */
  encoded(codec: Codec): Uint8Array;
  readonly frames: number;
}

type Resampler = Awaited<ReturnType<typeof libsamplerate.create>>;

/**
 * The catalogue's WAVs (16 kHz mono PCM) resampled to 8 kHz once, with libsamplerate (its
 * WebAssembly build: a well-known resampler, fast enough that a prompt of a few seconds takes a
 * few milliseconds), and kept: every later play of the same file, by any call, reuses it. A
 * file that changes on disk (a reload with new audio) is read again. A prompt without usable
 * audio plays as silence of its estimated length, and says so once in the log.
 */
export class PromptAudioCache {
  private readonly cache = new Map<string, { stamp: string; audio: Promise<PromptAudio> }>();
  private readonly resamplers = new Map<number, Promise<Resampler>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly promptsDir: string,
    private readonly logger: Logger,
  ) {}

  async load(prompt: PromptRef): Promise<PromptAudio> {
    const file = isAbsolute(prompt.file) ? prompt.file : join(this.promptsDir, prompt.file);
    const stamp = await stat(file).then(
      (info) => `${info.size}:${info.mtimeMs}`,
      () => 'missing',
    );
    const key = stamp === 'missing' ? `${file}#${prompt.durationMs}` : file;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp) return cached.audio;
    const audio = (stamp === 'missing' ? Promise.reject(new Error('missing')) : this.read(file)).catch(
      (error: unknown) => {
        if (!this.warned.has(file)) {
          this.warned.add(file);
          this.logger.warn(
            { event: 'prompt_audio_unusable', file, reason: (error as Error).message },
            `prompt audio ${file} cannot be played (${(error as Error).message}); playing silence of its length`,
          );
        }
        return audioOf(new Int16Array(Math.round((prompt.durationMs / 1000) * RATE)));
      },
    );
    this.cache.set(key, { stamp, audio });
    return audio;
  }

  /**
   * Reads every WAV under the prompts folder ahead of the first call, one file at a time: the
   * resampling then never runs while calls are waiting for their next 20 ms frame.
   */
  async warm(): Promise<number> {
    const entries = await readdir(this.promptsDir, { recursive: true }).catch(() => [] as string[]);
    let count = 0;
    for (const entry of entries.filter((name) => name.endsWith('.wav'))) {
      const file = join(this.promptsDir, entry);
      if (this.cache.has(file)) continue;
      const stamp = await stat(file).then(
        (info) => `${info.size}:${info.mtimeMs}`,
        () => undefined,
      );
      if (stamp === undefined) continue;
      const audio = this.read(file);
      this.cache.set(file, { stamp, audio });
      if (
        await audio.then(
          () => true,
          () => (this.cache.delete(file), false),
        )
      )
        count += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return count;
  }

  /** How many prompts are held. */
  get size(): number {
    return this.cache.size;
  }

  private async read(file: string): Promise<PromptAudio> {
    const info = readWavInfo(file);
    if (typeof info === 'string') throw new Error(info);
    if (info.format !== 1 || info.bitsPerSample !== 16) throw new Error('not 16-bit PCM');
    const data = await readFile(file);
    const bytes = data.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
    const samples = Math.floor(bytes.length / 2 / info.channels);
    const mono = new Float32Array(samples);
    for (let index = 0; index < samples; index++) {
      let sum = 0;
      for (let channel = 0; channel < info.channels; channel++)
        sum += bytes.readInt16LE((index * info.channels + channel) * 2);
      mono[index] = sum / info.channels / 32768;
    }
    const resampled = info.sampleRate === RATE ? mono : (await this.resampler(info.sampleRate)).simple(mono);
    const pcm = new Int16Array(resampled.length);
    for (let index = 0; index < resampled.length; index++)
      pcm[index] = Math.max(-32768, Math.min(32767, Math.round((resampled[index] ?? 0) * 32768)));
    return audioOf(pcm);
  }

  private resampler(rate: number): Promise<Resampler> {
    let found = this.resamplers.get(rate);
    if (!found) {
      found = libsamplerate.create(1, rate, RATE, { converterType: libsamplerate.ConverterType.SRC_SINC_FASTEST });
      this.resamplers.set(rate, found);
    }
    return found;
  }
}

/** PCM padded with silence to whole frames. */
export function audioOf(samples: Int16Array): PromptAudio {
  const frames = Math.ceil(samples.length / FRAME_SAMPLES);
  const pcm = new Int16Array(frames * FRAME_SAMPLES);
  pcm.set(samples);
  const encoded = new Map<Codec, Uint8Array>();
  return {
    pcm,
    frames,
    encoded: (codec) => {
      let bytes = encoded.get(codec);
      if (!bytes) encoded.set(codec, (bytes = encode(codec, pcm)));
      return bytes;
    },
  };
}
