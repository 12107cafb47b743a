import { Gauge, Histogram, type Registry } from 'prom-client';

/** The policy server as the gauges read it at each scrape. */
export interface PolicyServerView {
  readonly server: string;
  readonly state: 'unknown' | 'up' | 'down';
  readonly in_flight: number;
}

/**
 * The external policy server's series, on Foyer's registry: a latency histogram by request and
 * result (its `_count` counts requests and failures by cause), whether the server answers, and
 * the requests waiting. Fed by the policy client (it is its observer); the gauges are read when scraped.
 */
export class PolicyMetrics {
  private readonly latency: Histogram<'request' | 'result'>;
  private read: () => PolicyServerView | undefined = () => undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.latency = new Histogram({
      name: 'foyer_policy_request_seconds',
      help: 'Requests to the external policy server, by request (service, participant) and result (ok, or the failure cause)',
      labelNames: ['request', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const read = () => this.read();
    new Gauge({
      name: 'foyer_policy_server_up',
      help: 'Whether the external policy server gave an answer to the last request (1), or not (0)',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        const view = read();
        if (view && view.state !== 'unknown') this.set({ server: view.server }, view.state === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'foyer_policy_in_flight',
      help: 'Requests to the external policy server waiting for an answer',
      registers,
      collect() {
        this.set(read()?.in_flight ?? 0);
      },
    });
  }

  requested(request: string, result: string, seconds: number): void {
    this.latency.observe({ request, result }, seconds);
  }

  /** Where the gauges read the server's state. */
  watch(read: () => PolicyServerView | undefined): void {
    this.read = read;
  }
}
