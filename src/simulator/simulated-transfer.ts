import type { CallTransfer, Departure, TransferAttempt, TransferRequest } from '../calls/index.js';
import type { Resources } from '../observability/index.js';
import type { Clock } from '../time/index.js';

/** How a simulated target (a room hosted elsewhere) and the caller's phone answer a transfer. */
export interface TargetScript {
  /** The target's final answer to the INVITE: 200, a SIP status (486 busy, 603...), or none at all. */
  readonly answer: number | 'no_answer';
  /** How long the target rings before answering; how long the NOTIFY 200 takes after a REFER. */
  readonly afterMs: number;
  /** The caller's phone's answer to REFER: 200 (accepted, NOTIFY 200 follows), or a rejection such as 603. */
  readonly refer: number;
  /** The target hangs up this long after answering (bridged); never when absent. */
  readonly hangupAfterMs?: number;
}

/** A target that answers after 2 s; a phone that accepts REFER. */
export const DEFAULT_TARGET_SCRIPT: TargetScript = { answer: 200, afterMs: 2_000, refer: 200 };

/** SIP statuses that mean busy; any other failure is a rejection. */
const BUSY = new Set([486, 600]);

/**
 * Transfers on the simulated clock, as each caller's script says (the scenario's `target:`). The
 * outbound call is counted (`outbound_calls`) from the INVITE until it is cancelled, fails, or the
 * bridged call ends: a run that leaves one behind shows it.
 */
export class SimulatedTransfer implements CallTransfer {
  constructor(
    private readonly clock: Clock,
    private readonly resources: Resources,
    private readonly scriptFor: (callId: string) => TargetScript,
  ) {}

  bridge(request: TransferRequest, signal: AbortSignal): Promise<TransferAttempt> {
    const script = this.scriptFor(request.callId);
    const release = this.resources.acquire('outbound_calls', request.callId);
    const answers = script.answer !== 'no_answer' && script.afterMs <= request.target.ringTimeoutMs;
    return this.wait(answers ? script.afterMs : request.target.ringTimeoutMs, signal).then((gone) => {
      if (gone) {
        release(); // CANCEL: the target stops ringing.
        return { result: 'caller_gone' };
      }
      if (!answers) {
        release(); // CANCEL after ring_timeout.
        return { result: 'no_answer' };
      }
      const status = script.answer;
      if (status >= 300) {
        release();
        return { result: BUSY.has(status) ? 'busy' : 'rejected', status };
      }
      return { result: 'bridged', status, departure: this.bridged(request, script, release) };
    });
  }

  refer(request: TransferRequest, signal: AbortSignal): Promise<TransferAttempt> {
    const script = this.scriptFor(request.callId);
    if (script.refer >= 300) return Promise.resolve({ result: 'rejected', status: script.refer });
    return this.wait(script.afterMs, signal).then(async (gone): Promise<TransferAttempt> => {
      if (gone) return { result: 'caller_gone' };
      // NOTIFY 200: the caller is in a call with the target; Foyer ends its own leg (BYE).
      await request.channel.hangup();
      return { result: 'referred', status: 200 };
    });
  }

  /** The bridged call, until either side hangs up. */
  private bridged(request: TransferRequest, script: TargetScript, release: () => void): Promise<Departure> {
    const { channel } = request;
    return new Promise<Departure>((resolve) => {
      const leave = (left: Departure) => {
        offs.forEach((off) => off());
        if (timer !== undefined) this.clock.clearTimeout(timer);
        release();
        resolve(left);
      };
      const offs = [
        channel.on('hangup', () => leave({ by: 'caller', reason: 'caller_hangup' })),
        channel.on('failure', () => leave({ by: 'foyer', reason: 'media_failure' })),
      ];
      const timer =
        script.hangupAfterMs === undefined
          ? undefined
          : this.clock.setTimeout(() => {
              void channel.hangup().then(() => leave({ by: 'foyer', reason: 'target_hangup' }));
            }, script.hangupAfterMs);
    });
  }

  /** Resolves after `ms` with false, or at once with true when `signal` aborts first. */
  private wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(false);
      }, ms);
      const onAbort = () => {
        this.clock.clearTimeout(timer);
        resolve(true);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
