// A call's transcript as `foyer simulate` prints it: the same event objects (`--json`) and the same
// lines (text), so the page, the terminal and a saved transcript read alike.

/** One event of `foyer simulate --json` (or of a scenario, with its caller). */
export interface TranscriptEvent {
  readonly t: number;
  readonly type: string;
  readonly caller?: string | null;
  readonly [field: string]: unknown;
}

export function transcriptLine(event: TranscriptEvent): string {
  const time = event.t.toFixed(3).padStart(8);
  switch (event.type) {
    case 'prompt':
      return `${time}  prompt  ${text(event.id)}: "${text(event.text)}"`;
    case 'dtmf':
      return `${time}  key     ${text(event.digit)}`;
    case 'state':
      return `${time}  state   ${text(event.flow)}: ${text(event.state)}`;
    case 'end': {
      const where = [
        text(event.service) && `service "${text(event.service)}"`,
        text(event.via) && `via "${text(event.via)}"`,
      ]
        .filter(Boolean)
        .join(' ');
      const role = text(event.role) ? ` as ${text(event.role)}` : '';
      return `${time}  end     ${text(event.outcome)} (${text(event.reason)})${role}${where ? ` ${where}` : ''}`;
    }
    case 'meeting':
      return `${time}  meeting ${text(event.event)}${text(event.role) ? ` (${text(event.role)})` : ''}`;
    default:
      return `${time}  ${event.type}`;
  }
}

/** A field of an event as text; empty when absent or not a plain value. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The states a state event makes active: the state and every state it is inside (`menu.help`: `menu`, `menu.help`). */
export function activeStates(state: string): Set<string> {
  const parts = state.split('.');
  return new Set(parts.map((_, index) => parts.slice(0, index + 1).join('.')));
}

/**
 * Reads a saved transcript: `foyer simulate --json` (one object a line) or a scenario's `--json`
 * (with a `caller` on each line). Text that is not one JSON object a line is refused with its line.
 */
export function parseTranscript(text: string): TranscriptEvent[] {
  const events: TranscriptEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${index + 1} is not JSON: save the transcript with foyer simulate --json`);
    }
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string')
      throw new Error(`line ${index + 1} is not an event (an object with a "type")`);
    const event = value as Record<string, unknown>;
    events.push({ ...event, t: typeof event.t === 'number' ? event.t : 0, type: String(event.type) });
  });
  if (events.length === 0) throw new Error('the transcript is empty');
  return events;
}
