import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The duration of a RIFF/WAVE PCM file in milliseconds, read from its header; undefined when the
 * file is missing or not a WAV this can read.
 */
export function wavDurationMs(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const header = Buffer.alloc(4096);
    const size = readSync(fd, header, 0, header.length, 0);
    return parseDuration(header.subarray(0, size));
  } finally {
    closeSync(fd);
  }
}

function parseDuration(header: Buffer): number | undefined {
  if (header.length < 12 || header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let offset = 12;
  let byteRate: number | undefined;
  while (offset + 8 <= header.length) {
    const id = header.toString('ascii', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 16 <= header.length) byteRate = header.readUInt32LE(offset + 16);
    if (id === 'data') return byteRate ? Math.round((size / byteRate) * 1000) : undefined;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
