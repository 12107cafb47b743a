import type { Logger } from '../observability/index.js';
import type { CallEvent, CallObserver } from './call-events.js';

/**
 * Follows a call in the application log at debug: each state the flow enters, each key (as the
 * call events show it: `x` for a key that may be a PIN), each prompt, each PIN entry judged (good
 * or bad, never the digits) and how the IVR ended, with the call id on every line. With
 * `--log-level debug` an operator can read one call from INVITE to admission.
 */
export function traceCall(logger: Logger, callId: string, next?: CallObserver): CallObserver {
  if (!logger.isLevelEnabled('debug')) return next ?? (() => undefined);
  const log = logger.child({ callId });
  return (event: CallEvent) => {
    traceEvent(log, event);
    next?.(event);
  };
}

function traceEvent(log: Logger, event: CallEvent): void {
  switch (event.type) {
    case 'state':
      log.debug({ event: 'call_state', flow: event.flow, state: event.state }, `state ${event.flow}: ${event.state}`);
      return;
    case 'dtmf':
      log.debug({ event: 'call_key', key: event.digit }, `key ${event.digit}`);
      return;
    case 'prompt':
      log.debug({ event: 'call_prompt', prompt: event.id }, `prompt ${event.id}`);
      return;
    case 'pin_attempt':
      log.debug(
        {
          event: 'call_pin_attempt',
          service: event.service,
          good: event.good,
          empty: event.empty,
          blocked: event.blocked,
        },
        `PIN entry for ${event.service}: ${event.good ? 'good' : 'bad'}${event.empty ? ' (empty)' : ''}`,
      );
      return;
    case 'end':
      log.debug(
        {
          event: 'call_ivr_ended',
          outcome: event.outcome,
          reason: event.reason,
          service: event.service,
          role: event.role,
        },
        `IVR ended: ${event.outcome} (${event.reason})`,
      );
      return;
  }
}
