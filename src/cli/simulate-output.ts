import type { CallEvent } from '../calls/index.js';

/** Simulated seconds, to the millisecond. */
export function seconds(atMs: number): number {
  return Math.round(atMs) / 1000;
}

/** A transfer as a person reads it: method, target, result and SIP status. */
export function transferText(event: Extract<CallEvent, { type: 'transfer' }>): string {
  const status = event.status === undefined ? '' : ` (${event.status})`;
  const fallback = event.fallback ? ` after REFER refused${event.refer_status ? ` (${event.refer_status})` : ''}` : '';
  return `${event.method} ${event.target}: ${event.result}${status}${fallback}`;
}

/** One line of simulator output: JSON (`--json`) or text for a person. */
export function formatEvent(event: CallEvent, atMs: number, json: boolean): string | undefined {
  // PIN attempts go to the usage log, not the simulator's transcript.
  if (event.type === 'pin_attempt') return undefined;
  if (json) return JSON.stringify({ t: seconds(atMs), ...event });
  const time = seconds(atMs).toFixed(3).padStart(8);
  switch (event.type) {
    case 'prompt':
      return `${time}  prompt  ${event.id}: "${event.text}"`;
    case 'dtmf':
      return `${time}  key     ${event.digit}`;
    case 'state':
      return `${time}  state   ${event.flow}: ${event.state}`;
    case 'transfer':
      return `${time}  transfer ${transferText(event)}`;
    case 'end': {
      const where = [event.service && `service "${event.service}"`, event.via && `via "${event.via}"`]
        .filter(Boolean)
        .join(' ');
      const role = event.role ? ` as ${event.role}` : '';
      return `${time}  end     ${event.outcome} (${event.reason})${role}${where ? ` ${where}` : ''}`;
    }
  }
}
