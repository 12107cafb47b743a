import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MediaMoveMetrics } from './media-move-metrics.js';
import type { ResourceCounts } from './resources.js';

export interface MetricsOptions {
  /** Where the series live; a new registry by default, so tests and several instances never collide. */
  readonly registry?: Registry;
  /** Node.js process series (CPU, heap, GC, handles, prom-client's event-loop lag); on by default. */
  readonly processMetrics?: boolean;
}

/** A conference view for the gauges, read at each scrape. */
export interface ConferenceCounts {
  readonly instances: number;
  /** Admitted callers in every instance, lobby included. */
  readonly participants: number;
}

/** One signalling or media server as the gauges show it, read at each scrape. */
export interface ServerState {
  readonly server: string;
  readonly up: boolean;
  /** Calls whose media this server carries (media servers only). */
  readonly calls?: number;
  /** Its system location (media servers of a pool). */
  readonly location?: string;
  /** Conference instances with members on it (media servers only). */
  readonly conferences?: number;
}

export type PinResult = 'good' | 'bad';
/** Who a block applies to (the abuse counters decide; see the security rules). */
export type BlockScope = 'source' | 'room';

const EVENT_LOOP_RESOLUTION_MS = 10;

/** A media server's labels: its address, and its location when it has one. */
function mediaLabels(server: ServerState): { server: string; location?: string } {
  return server.location === undefined
    ? { server: server.server }
    : { server: server.server, location: server.location };
}

/**
 * Foyer's Prometheus series, on a registry of its own. Call handling feeds it through small
 * methods (a per-call tracker in calls/ turns call events into them); conferences and servers
 * are read when scraped. `GET /metrics` serves `text()`.
 */
export class Metrics {
  readonly registry: Registry;
  /** Moves of callers' media between FreeSWITCH servers. */
  readonly mediaMoves: MediaMoveMetrics;
  private readonly callsActive: Gauge<'stage'>;
  private readonly callsTotal: Counter<'outcome' | 'reason' | 'service_type'>;
  private readonly transitions: Counter<'flow' | 'state'>;
  private readonly dtmf: Counter<'transport'>;
  private readonly pinAttempts: Counter<'result'>;
  private readonly blocks: Counter<'scope'>;
  private readonly setup: Histogram;
  private readonly pinToJoin: Histogram;
  private readonly loopDelay: IntervalHistogram;
  private conferences: () => ConferenceCounts = () => ({ instances: 0, participants: 0 });
  private mediaServers: () => readonly ServerState[] = () => [];
  private sipServers: () => readonly ServerState[] = () => [];
  private resources: () => Partial<ResourceCounts> = () => ({});
  /** Bound children by label key: a lookup per call event instead of prom-client hashing labels. */
  private readonly transitionChildren = new Map<string, { inc(): void }>();

  constructor(options: MetricsOptions = {}) {
    const registry = (this.registry = options.registry ?? new Registry());
    const registers = [registry];
    this.callsActive = new Gauge({
      name: 'foyer_calls_active',
      help: 'Calls in progress: in the IVR, or admitted to a meeting (lobby included)',
      labelNames: ['stage'],
      registers,
    });
    this.callsTotal = new Counter({
      name: 'foyer_calls_total',
      help: 'Calls ended, by outcome and reason (the usage log codes) and the type of the service reached (none: unknown alias)',
      labelNames: ['outcome', 'reason', 'service_type'],
      registers,
    });
    this.transitions = new Counter({
      name: 'foyer_flow_transitions_total',
      help: 'Flow states entered, by flow and state',
      labelNames: ['flow', 'state'],
      registers,
    });
    this.dtmf = new Counter({
      name: 'foyer_dtmf_total',
      help: 'Keys received, by transport',
      labelNames: ['transport'],
      registers,
    });
    this.pinAttempts = new Counter({
      name: 'foyer_pin_attempts_total',
      help: 'PIN entries judged (never the digits)',
      labelNames: ['result'],
      registers,
    });
    this.blocks = new Counter({
      name: 'foyer_blocks_total',
      help: 'Blocks imposed by the abuse counters, by what is blocked',
      labelNames: ['scope'],
      registers,
    });
    this.setup = new Histogram({
      name: 'foyer_call_setup_seconds',
      help: 'From the INVITE to the first prompt starting (the flows wait about 2 s after answer on purpose)',
      buckets: [0.25, 0.5, 1, 1.5, 2, 2.25, 2.5, 3, 4, 5, 7.5, 10],
      registers,
    });
    this.pinToJoin = new Histogram({
      name: 'foyer_pin_to_join_seconds',
      help: 'From the last key of the accepted PIN to the caller admitted (conference or lobby); includes the inter-digit timeout when the PIN ended without #',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    for (const stage of ['ivr', 'meeting'] as const) this.callsActive.set({ stage }, 0);
    for (const transport of ['rfc4733', 'sip_info', 'inband']) this.dtmf.inc({ transport }, 0);
    for (const result of ['good', 'bad']) this.pinAttempts.inc({ result }, 0);
    for (const scope of ['source', 'room']) this.blocks.inc({ scope }, 0);
    this.mediaMoves = new MediaMoveMetrics(registers);
    this.loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
    this.defineScrapedGauges(registers);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  }

  callStarted(): void {
    this.callsActive.inc({ stage: 'ivr' });
  }

  /** The IVR is done with the call: admitted callers move on to the meeting. */
  ivrEnded(admitted: boolean): void {
    this.callsActive.dec({ stage: 'ivr' });
    if (admitted) this.callsActive.inc({ stage: 'meeting' });
  }

  callEnded(outcome: string, reason: string, serviceType: string, wasAdmitted: boolean): void {
    if (wasAdmitted) this.callsActive.dec({ stage: 'meeting' });
    this.callsTotal.inc({ outcome, reason, service_type: serviceType });
  }

  flowTransition(flow: string, state: string): void {
    const key = `${flow}\u0000${state}`;
    let child = this.transitionChildren.get(key);
    if (!child) this.transitionChildren.set(key, (child = this.transitions.labels({ flow, state })));
    child.inc();
  }

  dtmfReceived(transport: string): void {
    this.dtmf.inc({ transport });
  }

  pinAttempt(result: PinResult): void {
    this.pinAttempts.inc({ result });
  }

  blocked(scope: BlockScope): void {
    this.blocks.inc({ scope });
  }

  callSetup(seconds: number): void {
    this.setup.observe(seconds);
  }

  pinToJoined(seconds: number): void {
    this.pinToJoin.observe(seconds);
  }

  /** Where the conference gauges read from (the meetings layer). */
  watchConferences(read: () => ConferenceCounts): void {
    this.conferences = read;
  }

  /** Where the media server gauges read from. */
  watchMediaServers(read: () => readonly ServerState[]): void {
    this.mediaServers = read;
  }

  /** Where the SIP server gauge reads from. */
  watchSipServers(read: () => readonly ServerState[]): void {
    this.sipServers = read;
  }

  /** Live resources by kind (flow actors, timers, channels, ...), read at each scrape. */
  watchResources(read: () => Partial<ResourceCounts>): void {
    this.resources = read;
  }

  /** Usage records that could not be written since start (a full disk), read at each scrape. Call once. */
  watchUsageLog(read: () => number): void {
    new Gauge({
      name: 'foyer_usage_log_failed_writes',
      help: 'Usage records that could not be written since Foyer started (the first failure is logged)',
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** The exposition for `GET /metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops the event-loop monitor; the registry keeps its values. */
  close(): void {
    this.loopDelay.disable();
  }

  private defineScrapedGauges(registers: Registry[]): void {
    const conferences = () => this.conferences();
    const media = () => this.mediaServers();
    const sip = () => this.sipServers();
    const resources = () => this.resources();
    const loop = this.loopDelay;
    new Gauge({
      name: 'foyer_conference_instances',
      help: 'Conference instances running',
      registers,
      collect() {
        this.set(conferences().instances);
      },
    });
    new Gauge({
      name: 'foyer_conference_participants',
      help: 'Callers admitted to conference instances, lobby included',
      registers,
      collect() {
        this.set(conferences().participants);
      },
    });
    const mediaGauges: readonly [string, string, (server: ServerState) => number][] = [
      ['up', 'Whether the media server (FreeSWITCH) is connected and takes calls', (server) => (server.up ? 1 : 0)],
      ['calls', 'Calls whose media the server carries', (server) => server.calls ?? 0],
      ['conferences', 'Conference instances with members on the media server', (server) => server.conferences ?? 0],
    ];
    for (const [name, help, read] of mediaGauges)
      new Gauge({
        name: `foyer_media_server_${name}`,
        help,
        labelNames: ['server', 'location'],
        registers,
        collect() {
          this.reset();
          for (const server of media()) this.set(mediaLabels(server), read(server));
        },
      });
    new Gauge({
      name: 'foyer_sip_server_up',
      help: 'Whether the SIP server (drachtio-server) is connected',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const server of sip()) this.set({ server: server.server }, server.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'foyer_live_resources',
      help: 'What calls hold now, by kind (flow actors, timers, channels, participants, members, conferences, endpoints); all 0 with no calls',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, count] of Object.entries(resources())) this.set({ kind }, count);
      },
    });
    new Gauge({
      name: 'foyer_event_loop_delay_seconds',
      help: 'Event-loop delay since the last scrape, beyond the 10 ms sampling interval (nodejs_eventloop_lag_* include it)',
      labelNames: ['quantile'],
      registers,
      collect() {
        const net = (ns: number) => (loop.count === 0 ? 0 : Math.max(0, ns / 1e9 - EVENT_LOOP_RESOLUTION_MS / 1000));
        this.set({ quantile: '0.5' }, net(loop.percentile(50)));
        this.set({ quantile: '0.99' }, net(loop.percentile(99)));
        this.set({ quantile: '1' }, net(loop.max));
        loop.reset();
      },
    });
  }
}
