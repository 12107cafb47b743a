import type { Bundle } from '../bundle/index.js';
import { CallSession, traceCall, type Admit, type CallEnd, type CallEvent } from '../calls/index.js';
import type { Logger } from '../observability/index.js';
import type { Voice } from '../prompts/index.js';
import { SimulatedCall } from '../simulator/index.js';
import type { Clock } from '../time/index.js';
import { KeypadScreen, type ScreenOutput } from './keypad-screen.js';
import { TerminalKeys, type KeyInput } from './terminal-keys.js';

export interface InteractiveCallOptions {
  readonly bundle: Bundle;
  readonly to: string;
  readonly from?: string;
  readonly voice?: Partial<Voice>;
  readonly logger: Logger;
  /** Real time, or real time sped up (`--speed`). */
  readonly clock: Clock;
  readonly input: KeyInput;
  readonly output: ScreenOutput;
  /** Shown in the heading (for example the speed). */
  readonly note?: string;
  /** What admitting the caller means (a meetings layer on the same clock); joins directly by default. */
  readonly admit?: Admit;
  /** Go on after admission until the caller leaves the meeting (the keys reach it). */
  readonly untilEnd?: boolean;
}

/**
 * One call through the real flows with a person at the keypad: the terminal's keys are the
 * caller's, prompts take their time on `clock`. Ends, like `foyer simulate --keys`, when the
 * caller is admitted or the call ends (`q` hangs up), or with `untilEnd` when the caller leaves
 * the meeting. The terminal is always put back.
 */
export async function runInteractiveCall(options: InteractiveCallOptions): Promise<CallEnd> {
  const { clock } = options;
  const start = clock.now();
  const call = new SimulatedCall(clock, {
    callId: 'sim-1',
    to: options.to,
    from: options.from ?? 'sip:caller@example.com',
    source: '192.0.2.1',
    script: [],
  });
  const screen = new KeypadScreen(options.output);
  const keys = new TerminalKeys(options.input, (press) =>
    'dtmf' in press ? call.channel.press(press.dtmf) : call.channel.callerHangup(),
  );
  keys.start();
  try {
    screen.start(
      `Calling ${options.to}${options.note ? ` (${options.note})` : ''}. Press keys as on a phone's keypad; q hangs up.`,
    );
    const show = (event: CallEvent) => screen.event(event, clock.now() - start);
    const result = await CallSession.run(call, {
      bundle: options.bundle,
      clock,
      logger: options.logger,
      observer: traceCall(options.logger, call.callId, show),
      ...(options.voice && { voice: options.voice }),
      ...(options.admit && { admit: options.admit }),
    });
    if (!options.untilEnd || !result.departure) return result;
    const departure = await result.departure;
    const end: CallEnd = {
      ...result,
      outcome: departure.by === 'caller' ? 'hangup' : 'disconnected',
      reason: departure.reason,
    };
    show({ type: 'end', outcome: end.outcome, reason: end.reason, service: end.service, via: end.via, role: end.role });
    return end;
  } finally {
    screen.finish();
    keys.stop();
  }
}
