import { describe, expect, it } from 'vitest';
import { dtmfPcap } from '../../bench/sipp/dtmf-pcap.js';

interface Packet {
  readonly atUs: number;
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly event: number;
  readonly end: boolean;
  readonly duration: number;
}

function packets(file: Buffer): Packet[] {
  expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(file.readUInt32LE(20)).toBe(1);
  const found: Packet[] = [];
  for (let offset = 24; offset < file.length;) {
    const length = file.readUInt32LE(offset + 8);
    const frame = file.subarray(offset + 16, offset + 16 + length);
    expect(frame.readUInt16BE(12)).toBe(0x0800);
    expect(frame[14 + 9]).toBe(17);
    const rtp = frame.subarray(14 + 20 + 8);
    found.push({
      atUs: file.readUInt32LE(offset) * 1e6 + file.readUInt32LE(offset + 4),
      marker: rtp[1]! >> 7 === 1,
      payloadType: rtp[1]! & 0x7f,
      sequence: rtp.readUInt16BE(2),
      timestamp: rtp.readUInt32BE(4),
      event: rtp[12]!,
      end: rtp[13]! >> 7 === 1,
      duration: rtp.readUInt16BE(14),
    });
    offset += 16 + length;
  }
  return found;
}

describe('DTMF pcap for SIPp', () => {
  it('carries repeated and falling keys in one stream: rising sequence numbers and timestamps, three end packets per key', () => {
    const all = packets(dtmfPcap({ keys: '1001#,9*' }));
    const starts = all.filter((packet) => packet.marker);
    expect(starts.map((packet) => packet.event)).toEqual([1, 0, 0, 1, 11, 9, 10]);
    expect(all.every((packet) => packet.payloadType === 101)).toBe(true);
    for (let index = 1; index < all.length; index++) {
      const [previous, current] = [all[index - 1]!, all[index]!];
      expect(current.sequence).toBeGreaterThanOrEqual(previous.sequence);
      expect(current.timestamp).toBeGreaterThanOrEqual(previous.timestamp);
      expect(current.atUs).toBeGreaterThanOrEqual(previous.atUs);
      // Only the retransmitted end packets repeat a sequence number.
      if (current.sequence === previous.sequence) expect(current.end && previous.end).toBe(true);
    }
    for (const start of starts) {
      const ends = all.filter((packet) => packet.end && packet.timestamp === start.timestamp);
      expect(ends).toHaveLength(3);
      expect(ends[0]!.duration).toBe(800);
    }
    // Keys 250 ms apart, a second of silence for ",": the 6th key starts 1.5 s after the 5th.
    expect((starts[5]!.atUs - starts[4]!.atUs) / 1000).toBe(1250);
    expect((starts[5]!.timestamp - starts[4]!.timestamp) / 8).toBe(1250);
  });
});
