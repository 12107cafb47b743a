import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** What a WAV header says, for the checks and for joining parts. */
export interface WavInfo {
  /** 1 is PCM. */
  readonly format: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly byteRate: number;
  /** Where the samples start, and how many bytes they take. */
  readonly dataOffset: number;
  readonly dataBytes: number;
  readonly durationMs: number;
}

/**
 * The duration of a RIFF/WAVE PCM file in milliseconds, read from its header; undefined when the
 * file is missing or not a WAV this can read.
 */
export function wavDurationMs(file: string): number | undefined {
  const info = readWavInfo(file);
  return typeof info === 'string' ? undefined : info.durationMs;
}

/** The header of a WAV file, or why it cannot be read as one. */
export function readWavInfo(file: string): WavInfo | string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable (${(error as Error).message})`;
  }
  try {
    const header = Buffer.alloc(4096);
    const size = readSync(fd, header, 0, header.length, 0);
    return parseHeader(header.subarray(0, size));
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  } finally {
    closeSync(fd);
  }
}

function parseHeader(header: Buffer): WavInfo | string {
  if (header.length < 12 || header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE')
    return 'not a RIFF/WAVE file';
  let offset = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'durationMs'> | undefined;
  while (offset + 8 <= header.length) {
    const id = header.toString('ascii', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 24 <= header.length) {
      fmt = {
        format: header.readUInt16LE(offset + 8),
        channels: header.readUInt16LE(offset + 10),
        sampleRate: header.readUInt32LE(offset + 12),
        byteRate: header.readUInt32LE(offset + 16),
        bitsPerSample: header.readUInt16LE(offset + 22),
      };
    }
    if (id === 'data') {
      if (!fmt || fmt.byteRate === 0) return 'no format chunk before the samples';
      return { ...fmt, dataOffset: offset + 8, dataBytes: size, durationMs: Math.round((size / fmt.byteRate) * 1000) };
    }
    offset += 8 + size + (size % 2);
  }
  return 'no data chunk in the first 4 KiB';
}

/**
 * One WAV made of `files` played in order. Every file must be PCM with the same channels, rate
 * and sample size (as rendered prompts are); throws naming the first that differs.
 */
export function joinWavs(files: readonly string[]): Buffer {
  const parts = files.map((file) => {
    const info = readWavInfo(file);
    if (typeof info === 'string') throw new Error(`${file}: ${info}`);
    return { file, info };
  });
  const first = parts[0]?.info;
  if (!first) throw new Error('no audio to join');
  const data = parts.map(({ file, info }) => {
    if (
      info.format !== 1 ||
      info.channels !== first.channels ||
      info.sampleRate !== first.sampleRate ||
      info.bitsPerSample !== first.bitsPerSample
    ) {
      throw new Error(`${file}: ${describe(info)}, unlike ${describe(first)}`);
    }
    return readFileSync(file).subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  });
  const size = data.reduce((total, chunk) => total + chunk.length, 0);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + size, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(first.channels, 22);
  header.writeUInt32LE(first.sampleRate, 24);
  header.writeUInt32LE(first.byteRate, 28);
  header.writeUInt16LE((first.channels * first.bitsPerSample) / 8, 32);
  header.writeUInt16LE(first.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(size, 40);
  return Buffer.concat([header, ...data]);
}

/** "PCM 16-bit mono 16000 Hz", for messages. */
export function describe(info: WavInfo): string {
  const kind = info.format === 1 ? 'PCM' : `format ${info.format}`;
  const channels = info.channels === 1 ? 'mono' : info.channels === 2 ? 'stereo' : `${info.channels} channels`;
  return `${kind} ${info.bitsPerSample}-bit ${channels} ${info.sampleRate} Hz`;
}
