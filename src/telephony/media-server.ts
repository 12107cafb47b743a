import type { Logger } from '../observability/index.js';
import { Backoff } from './backoff.js';
import { checkFreeswitch, type ServerProblem } from './freeswitch-checks.js';
import type { MediaServerLike, MrfLike } from './library-types.js';
import { probePort } from './port-probe.js';
import { race } from './race.js';

export interface MediaServerOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly listenAddress: string;
  readonly listenPort?: number;
  readonly mrf: MrfLike;
  readonly logger: Logger;
  /** The conference profile Foyer joins callers with (checked for sounds callers would hear). */
  readonly conferenceProfile: string;
  /**
   * `enforce` (default): a server lacking what calls need (see freeswitch-checks.ts) takes no calls;
   * `warn`: it takes them anyway. Either way every problem is logged and shown in /health.
   */
  readonly checks?: 'enforce' | 'warn';
}

/**
 * `checking`: connected, asking what it has; `degraded`: takes calls, with problems;
 * `unusable`: connected, but lacks what calls need, and takes none.
 */
export type MediaServerState = 'connecting' | 'checking' | 'connected' | 'degraded' | 'unusable' | 'lost' | 'stopped';

/** How long the checks at connect may take before the server is used without them. */
const CHECK_TIMEOUT_MS = 5_000;

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
  private found: readonly ServerProblem[] = [];

  constructor(private readonly options: MediaServerOptions) {
    this.log = options.logger.child({ server: 'freeswitch', address: `${options.host}:${options.port}` });
  }

  get state(): MediaServerState {
    return this.status;
  }

  /** The connected FreeSWITCH, or undefined while it is not usable (new calls then get 503). */
  get current(): MediaServerLike | undefined {
    return this.status === 'connected' || this.status === 'degraded' ? this.server : undefined;
  }

  /** What the checks at connect found missing (empty until they ran, and when nothing is). */
  get problems(): readonly ServerProblem[] {
    return this.found;
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
    this.lastReason = undefined;
    this.backoff.reset();
    this.status = 'checking';
    this.log.info(
      { event: 'freeswitch_connected' },
      `connected to FreeSWITCH at ${this.options.host}:${this.options.port}`,
    );
    void this.check(server);
    server.on('error', (error: Error) => this.log.warn({ err: error }, 'FreeSWITCH event socket error'));
    server.on('end', () => {
      if (this.status === 'stopped' || this.server !== server) return;
      this.status = 'lost';
      this.log.error(
        { event: 'freeswitch_lost' },
        `lost FreeSWITCH at ${this.options.host}:${this.options.port}; new calls go to the pool's other servers, or get 503, until it is back`,
      );
      // Calls keep their own event sockets: only the control connection is replaced.
      server.disconnect();
      this.retry('connection lost');
    });
  }

  /** Asks the new server what calls need; one log line per problem, naming the setting and the fix. */
  private async check(server: MediaServerLike): Promise<void> {
    let problems: ServerProblem[];
    try {
      const ended = new Promise<void>((resolve) => server.once('end', resolve));
      problems = await race(
        'FreeSWITCH checks',
        checkFreeswitch((command) => server.api(command), this.options.conferenceProfile),
        CHECK_TIMEOUT_MS,
        ended,
      );
    } catch (error) {
      problems = [
        {
          severity: 'warning',
          setting: 'event socket',
          fix: 'FreeSWITCH autoload_configs/event_socket.conf.xml',
          message: `could not check what FreeSWITCH has: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
    if (this.server !== server || this.status !== 'checking') return;
    this.found = problems;
    for (const problem of problems) {
      this.log[problem.severity === 'fatal' ? 'error' : 'warn'](
        { event: 'freeswitch_problem', severity: problem.severity, setting: problem.setting, fix: problem.fix },
        `FreeSWITCH at ${this.options.host}:${this.options.port}: ${problem.message} (fix: ${problem.fix})`,
      );
    }
    const fatal = problems.some((problem) => problem.severity === 'fatal');
    if (fatal && (this.options.checks ?? 'enforce') === 'enforce') {
      this.status = 'unusable';
      this.log.error(
        { event: 'freeswitch_unusable' },
        'FreeSWITCH lacks what calls need: new calls get 503 (set freeswitch_checks: warn to take them anyway)',
      );
      return;
    }
    this.status = problems.length > 0 ? 'degraded' : 'connected';
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
