import type { ServiceType } from '../directory/index.js';
import type { Metrics } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import type { CallEvent } from './call-events.js';

/**
 * One call's contribution to the metrics, from its call events: flow states entered, PIN
 * attempts, setup time (arrival to the first prompt) and the time from the last key of the
 * accepted PIN to admission. Times come from the call's clock.
 */
export class CallMetrics {
  private readonly arrivedAt: number;
  private prompted = false;
  private lastKeyAt: number | undefined;
  private acceptedPinAt: number | undefined;
  private admitted = false;

  constructor(
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.arrivedAt = clock.now();
    metrics.callStarted();
  }

  observe(event: CallEvent): void {
    switch (event.type) {
      case 'state':
        this.metrics.flowTransition(event.flow, event.state);
        return;
      case 'prompt':
        if (!this.prompted) {
          this.prompted = true;
          this.metrics.callSetup((this.clock.now() - this.arrivedAt) / 1000);
        }
        return;
      case 'dtmf':
        this.lastKeyAt = this.clock.now();
        return;
      case 'pin_attempt':
        this.metrics.pinAttempt(event.good ? 'good' : 'bad');
        if (event.good) this.acceptedPinAt = this.lastKeyAt;
        return;
      case 'end':
        this.admitted = event.outcome === 'joined';
        this.metrics.ivrEnded(this.admitted);
        if (this.admitted && this.acceptedPinAt !== undefined)
          this.metrics.pinToJoined((this.clock.now() - this.acceptedPinAt) / 1000);
        return;
    }
  }

  /** The call is over (its `call_ended` record is written). */
  ended(outcome: string, reason: string, serviceType: ServiceType | null): void {
    this.metrics.callEnded(outcome, reason, serviceType ?? 'none', this.admitted);
  }
}
