import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { RtpHeader, RtpPacket } from 'werift-rtp';
import { FRAME_SAMPLES } from './g711.js';

/** One RTP packet as received. */
export interface ReceivedRtp {
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
}

export interface RtpEndpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * One call's RTP: a UDP socket of its own, packets made and read by werift-rtp. Sends to where
 * the other side's SDP says, and moves to where its packets really come from (symmetric RTP,
 * for callers behind NAT). Packets that are not RTP version 2 are ignored.
 */
export class RtpStream {
  private remote: RtpEndpoint | undefined;
  private latched = false;
  private readonly ssrc = randomInt(1, 2 ** 32 - 1);
  private sequence = randomInt(0, 2 ** 16);
  private nextTimestamp = randomInt(0, 2 ** 31);
  private first = true;
  private closed = false;
  private handler: (packet: ReceivedRtp) => void = () => undefined;
  sent = 0;
  received = 0;

  private constructor(
    private readonly socket: Socket,
    readonly local: RtpEndpoint,
  ) {
    socket.on('message', (data, from) => this.receive(data, { address: from.address, port: from.port }));
    socket.on('error', () => undefined);
  }

  /** A stream on a free port of `address`, announced in SDP as `announced` (the same by default). */
  static open(address: string, announced = address): Promise<RtpStream> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(0, address, () => {
        socket.off('error', reject);
        resolve(new RtpStream(socket, { address: announced, port: socket.address().port }));
      });
    });
  }

  /** Where to send (from the other side's SDP); a new SDP (re-INVITE) may move it. */
  setRemote(remote: RtpEndpoint): void {
    this.remote = remote;
    this.latched = false;
  }

  get remoteEndpoint(): RtpEndpoint | undefined {
    return this.remote;
  }

  onPacket(handler: (packet: ReceivedRtp) => void): void {
    this.handler = handler;
  }

  /** The RTP timestamp the next audio frame will carry. */
  get timestamp(): number {
    return this.nextTimestamp;
  }

  /** Sends one 20 ms audio frame and advances the timestamp. */
  sendAudio(payloadType: number, payload: Uint8Array): void {
    this.send(payloadType, payload, this.nextTimestamp, this.first);
    this.first = false;
    this.nextTimestamp = (this.nextTimestamp + FRAME_SAMPLES) >>> 0;
  }

  /** Sends a packet with a timestamp of the caller's choosing (telephone events). */
  send(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): void {
    if (this.closed || !this.remote || this.remote.port === 0) return;
    const header = new RtpHeader({
      payloadType,
      sequenceNumber: this.sequence,
      timestamp,
      ssrc: this.ssrc,
      marker,
    });
    this.sequence = (this.sequence + 1) & 0xffff;
    const packet = new RtpPacket(header, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    this.socket.send(packet.serialize(), this.remote.port, this.remote.address);
    this.sent += 1;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }

  private receive(data: Buffer, from: RtpEndpoint): void {
    if (this.closed || data.length < 12 || (data[0] ?? 0) >> 6 !== 2) return;
    let packet: RtpPacket;
    try {
      packet = RtpPacket.deSerialize(data);
    } catch {
      return;
    }
    // RTCP shares the version bits; its packet types 200-204 read as RTP payload types 72-76.
    const payloadType = packet.header.payloadType;
    if (payloadType >= 72 && payloadType <= 76) return;
    if (!this.latched && (!this.remote || from.address !== this.remote.address || from.port !== this.remote.port)) {
      this.remote = from;
    }
    this.latched = true;
    this.received += 1;
    this.handler({
      payloadType,
      sequence: packet.header.sequenceNumber,
      timestamp: packet.header.timestamp,
      marker: packet.header.marker,
      payload: packet.payload,
    });
  }
}
