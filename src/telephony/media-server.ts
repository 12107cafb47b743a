import type { Logger } from '../observability/index.js';
import { Backoff } from './backoff.js';
import type { MediaServerLike, MrfLike } from './library-types.js';
import { probePort } from './port-probe.js';

export interface MediaServerOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly listenAddress: string;
  readonly listenPort?: number;
  readonly mrf: MrfLike;
  readonly logger: Logger;
}

export type MediaServerState = 'connecting' | 'connected' | 'lost' | 'stopped';

/**
 * The connection to FreeSWITCH. Never gives up and never crashes the process: it checks that the
 * event socket answers before handing it to drachtio-fsmrf (whose client retries a refused port
 * in a tight loop), backs off up to 30 s, and says once, in one line, why it cannot connect.
 */
export class MediaServerConnection {
  private server: MediaServerLike | undefined;
  private status: MediaServerState = 'connecting';
  private lastReason: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly backoff = new Backoff();
  private readonly log: Logger;

  constructor(private readonly options: MediaServerOptions) {
    this.log = options.logger.child({ server: 'freeswitch', address: `${options.host}:${options.port}` });
  }

  get state(): MediaServerState {
    return this.status;
  }

  /** The connected FreeSWITCH, or undefined while it is not usable (new calls then get 503). */
  get current(): MediaServerLike | undefined {
    return this.status === 'connected' ? this.server : undefined;
  }

  start(): void {
    void this.attempt();
  }

  stop(): void {
    this.status = 'stopped';
    clearTimeout(this.timer);
    this.server?.disconnect();
  }

  private async attempt(): Promise<void> {
    if (this.status === 'stopped') return;
    const { host, port } = this.options;
    const refused = await probePort(host, port);
    if (refused) {
      this.retry(refused);
      return;
    }
    try {
      const server = await this.options.mrf.connect({
        address: host,
        port,
        secret: this.options.secret,
        listenAddress: this.options.listenAddress,
        ...(this.options.listenPort !== undefined && { listenPort: this.options.listenPort }),
        profile: 'drachtio_mrf',
      });
      this.adopt(server);
    } catch (error) {
      this.retry(error instanceof Error ? error.message : String(error));
    }
  }

  private adopt(server: MediaServerLike): void {
    this.server = server;
    this.status = 'connected';
    this.lastReason = undefined;
    this.backoff.reset();
    this.log.info(
      { event: 'freeswitch_connected' },
      `connected to FreeSWITCH at ${this.options.host}:${this.options.port}`,
    );
    server.on('error', (error: Error) => this.log.warn({ err: error }, 'FreeSWITCH event socket error'));
    server.on('end', () => {
      if (this.status === 'stopped' || this.server !== server) return;
      this.status = 'lost';
      this.log.error(
        { event: 'freeswitch_lost' },
        `lost FreeSWITCH at ${this.options.host}:${this.options.port}; new calls get 503 until it is back`,
      );
      // Calls keep their own event sockets: only the control connection is replaced.
      server.disconnect();
      this.retry('connection lost');
    });
  }

  private retry(reason: string): void {
    if (this.status === 'stopped') return;
    const delay = this.backoff.delay();
    if (reason !== this.lastReason) {
      this.log.error(
        { event: 'freeswitch_unreachable', reason },
        `cannot reach FreeSWITCH at ${this.options.host}:${this.options.port}: ${reason}; retrying`,
      );
      this.lastReason = reason;
    }
    this.timer = setTimeout(() => void this.attempt(), delay);
  }
}
