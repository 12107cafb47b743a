import { z } from 'zod';
import { INPUT_FIELDS } from '../flows/context.js';
import {
  MEETING_ACTIONS,
  MEETING_ACTORS,
  MEETING_EVENTS,
  MEETING_GUARDS,
  MEETING_REASONS,
} from '../flows/meeting-registry.js';
import { ROOM_ACTIONS, ROOM_EVENTS, ROOM_GUARDS } from '../flows/room-registry.js';
import { FLOW_REASONS } from '../flows/outcomes.js';
import { ACTIONS, ACTORS, FLOW_EVENTS, GUARDS } from '../flows/registry.js';
import { KNOWN_SETTINGS } from '../flows/settings.js';
import { PUBLIC_DIGITS_TAG } from '../flows/masking.js';

interface Named {
  readonly description: string;
  readonly params?: z.ZodType;
}

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/**
 * The designers' reference, in Markdown: every named action, guard and actor a flow may use with
 * its params (read from the registry's schemas), the events, delays, settings, tags and final
 * outputs. `foyer check --list` prints it; docs/designers-guide.md embeds it.
 */
export function registryReference(): string {
  const sections = [
    '#### Actions',
    'Written by name (`actions: bufferDigit`), with params (`actions: { type: setRole, params: { role: host } }`),' +
      ' or as a list run in order. Used in `entry:`, `exit:` and in transitions.',
    named(ACTIONS, 'params'),
    '#### Guards',
    'Written by name (`guard: hasBufferedDigits`) or with params (`guard: { type: entryIs, params: { value: "0" } }`).' +
      ' Of several transitions for one event, the first whose guard passes is taken.',
    named(GUARDS, 'params'),
    '#### Actors',
    "Run by a state's `invoke: { id, src, input, onDone, onError }` while the caller is in it, and stopped when" +
      ' the caller leaves it. Every invoke needs its own `id`. In `input`, `$name` stands for a field of the' +
      ` call's data: ${INPUT_FIELDS.map((field) => `\`$${field}\``).join(', ')} (for example \`number: $entry\`).`,
    named(ACTORS, 'input'),
    '#### Events',
    list([
      ...Object.entries(FLOW_EVENTS).map(([event, description]) => `\`${event}\` (in \`on:\`): ${description}`),
      '`after: { <delay>: <target> }`: the delay has passed since the state was entered.',
      '`always:` (eventless): taken as soon as its guard passes; a state whose `always` has an unguarded last entry never waits.',
      "`onDone` / `onError` (in an `invoke`): the actor finished (its result is the event's `output`) or failed.",
    ]),
    '#### Delays and settings',
    list([
      'A setting written as a duration (`500ms`, `10s`, `1.5s`, `15m`, `1h`) is a named delay:' +
        ' `after: { first_digit_timeout: timedOut }`. A bare number in `after` is milliseconds.',
      'Settings named `*_timeout` or `*_delay` must be durations.',
      ...Object.entries(KNOWN_SETTINGS).map(([name, description]) => `\`${name}\`: ${description}.`),
    ]),
    '#### Tags',
    list([
      `\`${PUBLIC_DIGITS_TAG}\`: keys pressed in this state are not secret (a room number) and may be shown` +
        ' in logs and simulator output; elsewhere they are written as `x`.',
    ]),
    '#### Final states',
    `A \`type: final\` state ends the flow; its \`output\` says how:\n\n${list(Object.entries(FLOW_REASONS).map(finalOutput))}`,
    '#### Meeting flows',
    'A flow whose final states end `outcome: left` is a meeting flow: what one admitted caller lives through' +
      ' (the shipped `meeting`, or the one a room names as `meeting_flow`). It has its own pieces, below; the' +
      " meeting they share (who is in, the lock, the guests' mute) is asked by guards and changed by actions." +
      " Setting `waiting_for_host_timeout` gives way to a room's own.",
    '##### Meeting actions',
    named(MEETING_ACTIONS, 'params'),
    '##### Meeting guards',
    named(MEETING_GUARDS, 'params'),
    '##### Meeting actors',
    named(MEETING_ACTORS, 'input'),
    '##### Meeting events',
    list(Object.entries(MEETING_EVENTS).map(([event, description]) => `\`${event}\` (in \`on:\`): ${description}`)),
    '##### Meeting final states',
    list([finalOutput(['left', MEETING_REASONS])]),
    '#### Room flows',
    'A flow whose final states end `outcome: ended` is a room flow: one conference instance of a room, shared' +
      ' by its participants (the shipped `room`, or the one a room names as `room_flow`). It holds whether a host' +
      " is in, the guests-only timer, the lock and the guests' mute; its guards count the participants and its" +
      " actions tell their meeting flows what happens to all. Setting `guests_only_timeout` gives way to a room's own.",
    '##### Room actions',
    named(ROOM_ACTIONS, 'params'),
    '##### Room guards',
    named(ROOM_GUARDS, 'params'),
    '##### Room events',
    list(Object.entries(ROOM_EVENTS).map(([event, description]) => `\`${event}\` (in \`on:\`): ${description}`)),
    '##### Room final states',
    list([finalOutput(['ended', []])]),
  ];
  return `${sections.join('\n\n')}\n`;
}

function named(entries: Readonly<Record<string, Named>>, what: 'params' | 'input'): string {
  return Object.entries(entries)
    .map(([name, definition]) => {
      const head = `- \`${name}\`: ${definition.description}`;
      if (!definition.params) return head;
      const optional = definition.params.safeParse(undefined).success;
      const schema = z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const fields = Object.entries(schema.properties ?? {}).map(([field, property]) => {
        const required = !optional && (schema.required ?? []).includes(field);
        return `  - ${what} \`${field}\`${required ? '' : ' (optional)'}: ${describe(property)}`;
      });
      return [head, ...fields].join('\n');
    })
    .join('\n');
}

/** A schema in words: `host` or `guest`; whole number, at least 1; list of text (at least 1). */
export function describe(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' or ');
  switch (schema.type) {
    case 'string':
      if (schema.pattern) return `text matching \`${schema.pattern}\``;
      return (schema.minLength ?? 0) > 0 ? 'non-empty text' : 'text';
    case 'integer':
    case 'number': {
      const bounds = [
        schema.minimum !== undefined && `at least ${schema.minimum}`,
        schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER && `at most ${schema.maximum}`,
      ].filter(Boolean);
      return [schema.type === 'integer' ? 'whole number' : 'number', ...bounds].join(', ');
    }
    case 'boolean':
      return '`true` or `false`';
    case 'array':
      return `list of ${schema.items ? describe(schema.items) : 'values'}${(schema.minItems ?? 0) > 0 ? ` (at least ${schema.minItems})` : ''}`;
    case 'object':
      return `mapping of ${Object.keys(schema.properties ?? {})
        .map((key) => `\`${key}\``)
        .join(', ')}`;
    default:
      return 'any value';
  }
}

function list(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** One outcome of a final state and the reasons it takes, for the reference. */
function finalOutput([outcome, reasons]: [string, readonly string[]]): string {
  const given =
    reasons.length > 0 ? ` with \`reason:\` ${reasons.map((reason) => `\`${reason}\``).join(', ')}` : ' (no reason)';
  return `\`outcome: ${outcome}\`${given}`;
}
