import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from '../../observability/index.js';
import { SipMessage } from './sip-message.js';
import { StreamFramer } from './stream-framer.js';

/** Where a message came from, and so where its answers go. */
export interface SipPeer {
  readonly transport: 'udp' | 'tcp';
  readonly address: string;
  readonly port: number;
}

export type IncomingHandler = (message: SipMessage, peer: SipPeer) => void;
/** A request that cannot be used: the transport reports it (a 400 goes back when there is one). */
export type BadRequestHandler = (why: string, peer: SipPeer, request?: SipMessage) => void;

export interface SipTransportOptions {
  readonly host: string;
  /** The address peers reach this one at (Via, Contact): `host`, unless that is 0.0.0.0. */
  readonly advertised?: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  readonly port: number;
  /** Also accept TCP connections (a UAC that only calls out needs none). */
  readonly tcpServer: boolean;
  readonly logger: Logger;
}

const IDLE_TCP_MS = 5 * 60_000;

/**
 * SIP over UDP and TCP on one address. Answers go back the way the request came: over UDP to
 * the packet's source (symmetric, as behind NAT), over TCP on the same connection while it is
 * open. Nothing a peer sends can throw out of here: unreadable input is reported and dropped.
 */
export class SipTransport {
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Map<string, Socket>();
  private onMessage: IncomingHandler = () => undefined;
  private onBad: BadRequestHandler = () => undefined;
  private boundPort = 0;

  constructor(private readonly options: SipTransportOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host;
  }

  get advertisedHost(): string {
    return this.options.advertised ?? this.options.host;
  }

  handle(onMessage: IncomingHandler, onBad: BadRequestHandler): void {
    this.onMessage = onMessage;
    this.onBad = onBad;
  }

  async listen(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(this.options.port);
      try {
        if (this.options.tcpServer) this.tcp = await this.listenTcp(udp.address().port);
        this.udp = udp;
        this.boundPort = udp.address().port;
        return;
      } catch (error) {
        udp.close();
        // Port 0: UDP's free port may be taken for TCP; another try picks another.
        if (this.options.port !== 0 || attempt >= 5) throw error;
      }
    }
  }

  send(peer: SipPeer, message: SipMessage): void {
    const data = Buffer.from(message.toString());
    if (peer.transport === 'udp') {
      this.udp?.send(data, peer.port, peer.address, (error) => {
        if (error) this.options.logger.debug({ err: error, peer }, 'SIP datagram not sent');
      });
      return;
    }
    const key = keyOf(peer);
    let socket = this.connections.get(key);
    if (!socket || socket.destroyed) socket = this.adopt(connect({ host: peer.address, port: peer.port }));
    socket.write(data);
  }

  async close(): Promise<void> {
    for (const socket of this.connections.values()) socket.destroy();
    this.connections.clear();
    await Promise.all([
      new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve())),
    ]);
    this.udp = undefined;
    this.tcp = undefined;
  }

  private bindUdp(port: number): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIPv6(this.options.host) ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(port, this.options.host, () => {
        socket.off('error', reject);
        socket.on('error', (error) => this.options.logger.warn({ err: error }, 'SIP UDP socket error'));
        socket.on('message', (data, info) =>
          this.receive(data, { transport: 'udp', address: info.address, port: info.port }),
        );
        resolve(socket);
      });
    });
  }

  private listenTcp(port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.adopt(socket));
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  /** Reads SIP from a connection, accepted or opened, until it closes or sends what cannot be framed. */
  private adopt(socket: Socket): Socket {
    const framer = new StreamFramer();
    let peer: SipPeer | undefined;
    const register = () => {
      if (peer || socket.remoteAddress === undefined || socket.remotePort === undefined) return;
      peer = { transport: 'tcp', address: socket.remoteAddress.replace(/^::ffff:/, ''), port: socket.remotePort };
      this.connections.set(keyOf(peer), socket);
    };
    register();
    socket.on('connect', register);
    socket.setTimeout(IDLE_TCP_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      register();
      if (!peer) return;
      const { messages, error } = framer.push(chunk);
      for (const message of messages) this.receive(message, peer);
      if (error) {
        this.onBad(`unframeable stream: ${error}`, peer);
        socket.destroy();
      }
    });
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'SIP TCP connection error'));
    socket.on('close', () => {
      if (peer && this.connections.get(keyOf(peer)) === socket) this.connections.delete(keyOf(peer));
    });
    return socket;
  }

  private receive(data: Buffer, peer: SipPeer): void {
    // Keep-alives (CRLF) and empty datagrams carry nothing.
    if (data.length <= 4 && /^[\r\n]*$/.test(data.toString('latin1'))) return;
    try {
      const parsed = SipMessage.parse(data);
      if ('drop' in parsed) this.onBad(parsed.drop, peer);
      else if ('reject' in parsed) this.onBad(parsed.reject, peer, parsed.request);
      else this.onMessage(parsed, peer);
    } catch (error) {
      // A bug in handling one message must not take the socket, or the process, down.
      this.options.logger.error({ err: error, peer }, 'handling a SIP message failed');
    }
  }
}

function keyOf(peer: SipPeer): string {
  return `${peer.address}|${peer.port}`;
}
