import { parseKeyScript } from '../../src/simulator/index.js';

/**
 * A pcap file of one RTP stream carrying RFC 4733 (RFC 2833) telephone events, for SIPp's
 * `play_pcap_audio`. SIPp rewrites addresses and ports but replays the RTP headers as they are,
 * so every key of a call must be in one stream with rising sequence numbers and timestamps: the
 * per-digit pcaps SIPp ships each start their own numbering, and only work for rising,
 * non-repeating digits. Here any key script works (`1001#,,,,1234#`).
 */
export interface DtmfPcapOptions {
  /** Payload type of telephone-event in the SDP the scenario offers. */
  readonly payloadType?: number;
  /** How long each key sounds, ms (a multiple of 20). */
  readonly toneMs?: number;
  /** Key script as the simulator reads it: keys 250 ms apart, `,` one second of silence. */
  readonly keys: string;
}

const EVENTS: Readonly<Record<string, number>> = { '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15 };
const PACKET_MS = 20;
const SAMPLES_PER_MS = 8;
const SSRC = 0x466f7965; // "Foye"

export function dtmfPcap(options: DtmfPcapOptions): Buffer {
  const payloadType = options.payloadType ?? 101;
  const toneMs = options.toneMs ?? 100;
  const packets: { atMs: number; rtp: Buffer }[] = [];
  let sequence = 1000;
  for (const action of parseKeyScript(options.keys)) {
    if (!('key' in action)) throw new Error('a DTMF pcap carries keys and pauses only, not "!"');
    const event = EVENTS[action.key] ?? Number(action.key);
    // Every packet of one event carries the timestamp of its start; the duration grows.
    const timestamp = (action.atMs * SAMPLES_PER_MS) >>> 0;
    for (let elapsed = PACKET_MS; elapsed <= toneMs; elapsed += PACKET_MS) {
      const last = elapsed === toneMs;
      const rtp = rtpEvent({
        marker: elapsed === PACKET_MS,
        payloadType,
        sequence: sequence++,
        timestamp,
        event,
        end: last,
        duration: elapsed * SAMPLES_PER_MS,
      });
      packets.push({ atMs: action.atMs + elapsed - PACKET_MS, rtp });
      // The end packet is sent three times, with the same sequence number (RFC 4733 2.5.1.4).
      if (last) for (let copy = 0; copy < 2; copy++) packets.push({ atMs: action.atMs + elapsed - PACKET_MS, rtp });
    }
  }
  return pcapFile(packets);
}

function rtpEvent(fields: {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  event: number;
  end: boolean;
  duration: number;
}): Buffer {
  const packet = Buffer.alloc(16);
  packet[0] = 0x80;
  packet[1] = (fields.marker ? 0x80 : 0) | fields.payloadType;
  packet.writeUInt16BE(fields.sequence & 0xffff, 2);
  packet.writeUInt32BE(fields.timestamp, 4);
  packet.writeUInt32BE(SSRC, 8);
  packet[12] = fields.event;
  packet[13] = (fields.end ? 0x80 : 0) | 10; // volume -10 dBm0
  packet.writeUInt16BE(fields.duration, 14);
  return packet;
}

/** Classic pcap (Ethernet, IPv4, UDP); SIPp replaces the addresses and ports when it plays it. */
function pcapFile(packets: readonly { atMs: number; rtp: Buffer }[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records = packets.map(({ atMs, rtp }) => {
    const frame = frameFor(rtp);
    const record = Buffer.alloc(16);
    const micros = Math.round(atMs * 1000);
    record.writeUInt32LE(1_700_000_000 + Math.floor(micros / 1e6), 0);
    record.writeUInt32LE(micros % 1e6, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

function frameFor(rtp: Buffer): Buffer {
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + rtp.length, 2);
  ip[8] = 64;
  ip[9] = 17; // UDP
  ip.set([127, 0, 0, 1], 12);
  ip.set([127, 0, 0, 1], 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(40000, 0);
  udp.writeUInt16BE(40002, 2);
  udp.writeUInt16BE(8 + rtp.length, 4);
  // UDP checksum 0 ("none"): SIPp computes it again for the addresses it sends from and to.
  return Buffer.concat([ethernet, ip, udp, rtp]);
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < header.length; index += 2) sum += header.readUInt16BE(index);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
