import { z } from 'zod';
import { closest, LoadError, YamlSource, isObject, type Problem } from '../yaml/index.js';
import { formatAlias, parseAlias } from './alias.js';
import { roomPinProblems } from './room-rules.js';
import type { Reception, Room, Service } from './service.js';
import { TARGET_FIELDS, targetProblems, targetSchema, toTarget } from './target.js';

const FILE_PIN_FIELDS = { hostPin: 'host_pin', guestPin: 'guest_pin', allowGuests: 'allow_guests' };
const SERVICE_FIELDS = [
  'name',
  'type',
  'aliases',
  'host_pin',
  'guest_pin',
  'allow_guests',
  'service_tag',
  'theme',
  'language',
  'flow',
  'meeting_flow',
  'room_flow',
  'participant_limit',
  'waiting_for_host_timeout',
  'guests_only_timeout',
  'match',
  'replace',
  'target',
] as const;

const serviceSchema = z
  .object({
    name: z
      .string({ error: 'name is required: a unique text naming the service' })
      .trim()
      .min(1, 'name must not be empty'),
    type: z.enum(['vmr', 'auditorium', 'reception'], { error: 'type must be one of vmr, auditorium, reception' }),
    aliases: z
      .array(z.string({ error: 'each alias must be a quoted string' }).trim().min(1, 'an alias must not be empty'), {
        error: 'aliases must be a list of strings, for example aliases: ["1001", "meet.alice"]',
      })
      .min(1, 'aliases must list at least one alias'),
    host_pin: z.string({ error: 'host_pin must be a quoted string of 4 to 20 digits' }).optional(),
    guest_pin: z.string({ error: 'guest_pin must be a quoted string of 4 to 20 digits' }).optional(),
    allow_guests: z.boolean({ error: 'allow_guests must be true or false' }).optional(),
    service_tag: z.string({ error: 'service_tag must be a string' }).optional(),
    theme: z.string({ error: 'theme must be the name of a prompt theme' }).min(1).optional(),
    language: z
      .string({ error: 'language must be a language tag such as en-US' })
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a language tag such as en-US')
      .optional(),
    flow: z
      .string({ error: 'flow must be the name of a flow in flows/' })
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'flow must be a flow name such as pin-entry')
      .optional(),
    meeting_flow: z
      .string({ error: 'meeting_flow must be the name of a meeting flow in flows/' })
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'meeting_flow must be a flow name such as meeting')
      .optional(),
    room_flow: z
      .string({ error: 'room_flow must be the name of a room flow in flows/' })
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'room_flow must be a flow name such as room')
      .optional(),
    participant_limit: z
      .number({ error: 'participant_limit must be a whole number' })
      .int('participant_limit must be a whole number')
      .min(1, 'participant_limit must be at least 1')
      .optional(),
    waiting_for_host_timeout: z
      .number({ error: 'waiting_for_host_timeout must be a number of seconds' })
      .min(1, 'waiting_for_host_timeout must be at least 1 second')
      .optional(),
    guests_only_timeout: z
      .number({ error: 'guests_only_timeout must be a number of seconds (0: at once)' })
      .min(0, 'guests_only_timeout must not be negative')
      .optional(),
    match: z.string({ error: 'match must be a quoted regular expression' }).optional(),
    replace: z.string({ error: 'replace must be a quoted string such as "meet.$1"' }).optional(),
    target: targetSchema.optional(),
  })
  .strict();

type RawService = z.infer<typeof serviceSchema>;

/**
 * Reads a services file (`services:` list). Throws LoadError listing every problem, each with
 * file, line and field; PIN values never appear in the messages.
 */
export function loadServicesFile(file: string): Service[] {
  return parseServices(YamlSource.read(file));
}

export function parseServices(source: YamlSource): Service[] {
  const { services, problems } = readServices(source);
  if (problems.some((problem) => problem.severity === 'error')) throw new LoadError(problems);
  return services;
}

/**
 * Reads the services of a services file with every problem found, warnings included (`foyer
 * check` reports them). The services are usable only when no problem is an error.
 */
export function readServices(source: YamlSource): { services: Service[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const root = source.data;
  if (!isObject(root) || !Array.isArray(root.services)) {
    return { services: [], problems: [source.problem([], 'expected a top-level "services:" list')] };
  }
  const extraTop = Object.keys(root).filter((key) => key !== 'services');
  for (const key of extraTop)
    problems.push(source.problem([key], `unknown top-level field "${key}" (only "services" is read)`));

  const parsed: Parsed[] = [];
  root.services.forEach((raw: unknown, index: number) => {
    const service = parseService(source, raw, index, problems);
    if (service) parsed.push({ service, index });
  });
  checkAcrossServices(source, parsed, problems);
  return { services: parsed.map(({ service }) => service), problems };
}

function parseService(source: YamlSource, raw: unknown, index: number, problems: Problem[]): Service | undefined {
  const at = ['services', index] as const;
  if (!isObject(raw)) {
    problems.push(source.problem(at, `services[${index}] must be a mapping with name, type and aliases`));
    return undefined;
  }
  const label = typeof raw.name === 'string' ? `service "${raw.name}"` : `services[${index}]`;
  // Numbers where quoted text belongs are reported here, then read as written, so the checks
  // after them still run: every problem of the file shows in one run.
  const written = checkQuoted(source, raw, index, label, problems);

  const parsed = serviceSchema.safeParse(written);
  if (parsed.success) return toService(source, parsed.data, index, label, problems);
  const faulty = new Set<string>();
  for (const issue of parsed.error.issues) {
    const path = [...at, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      const within = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      for (const key of issue.keys) {
        faulty.add(within.length > 0 ? String(within[0]) : key);
        problems.push({
          file: source.file,
          line: source.keyLineOf([...at, ...within, key]),
          message: `${label}: ${within.length > 0 ? `${within.join('.')}: ${unknownFieldMessage(key, TARGET_FIELDS)}` : unknownFieldMessage(key)}`,
          severity: 'error',
        });
      }
      continue;
    }
    if (typeof issue.path[0] === 'string') faulty.add(issue.path[0]);
    problems.push({
      file: source.file,
      line: source.keyLineOf(path),
      message: `${label}: ${issue.message}`,
      severity: 'error',
    });
  }
  // The rest of the service, without the fields at fault, for the checks across its fields.
  const rest = serviceSchema.safeParse(Object.fromEntries(Object.entries(written).filter(([key]) => !faulty.has(key))));
  return rest.success ? toService(source, rest.data, index, label, problems) : undefined;
}

/**
 * PINs and aliases must be YAML strings: an unquoted 0123 would silently become 123. Returns the
 * service with such numbers read as the text they were written as (the problem is reported).
 */
function checkQuoted(
  source: YamlSource,
  raw: Record<string, unknown>,
  index: number,
  label: string,
  problems: Problem[],
): Record<string, unknown> {
  const written: Record<string, unknown> = { ...raw };
  for (const field of ['host_pin', 'guest_pin'] as const) {
    const value = raw[field];
    if (typeof value === 'number') {
      // The PIN itself never goes into a message: only whether quoting changes what it means.
      const text = source.sourceOf(['services', index, field]) ?? String(value);
      const lost = /^0/.test(text) ? ' and drops its leading zeros' : '';
      problems.push({
        file: source.file,
        line: source.keyLineOf(['services', index, field]),
        message: `${label}: ${field} must be quoted: put its digits in quotes, as in ${field}: "<digits>"; unquoted, YAML reads a number${lost}`,
        severity: 'error',
      });
      written[field] = text;
    }
  }
  if (Array.isArray(raw.aliases)) {
    written.aliases = raw.aliases.map((alias: unknown, position) => {
      if (typeof alias !== 'number') return alias;
      const text = source.sourceOf(['services', index, 'aliases', position]) ?? String(alias);
      problems.push(
        source.problem(
          ['services', index, 'aliases', position],
          `${label}: alias ${text} must be quoted, as in aliases: ["${text}"]`,
        ),
      );
      return text;
    });
  }
  return written;
}

function toService(
  source: YamlSource,
  raw: RawService,
  index: number,
  label: string,
  problems: Problem[],
): Service | undefined {
  const line = (field: string) => source.keyLineOf(['services', index, field]);
  const fail = (field: string, message: string) =>
    problems.push({ file: source.file, line: line(field), message: `${label}: ${message}`, severity: 'error' });
  const common = {
    name: raw.name,
    aliases: raw.aliases,
    ...(raw.service_tag !== undefined && { serviceTag: raw.service_tag }),
    ...(raw.theme !== undefined && { theme: raw.theme }),
    ...(raw.language !== undefined && { language: raw.language }),
    ...(raw.flow !== undefined && { flow: raw.flow }),
  };

  if (raw.type === 'reception') {
    for (const field of [
      'host_pin',
      'guest_pin',
      'allow_guests',
      'participant_limit',
      'waiting_for_host_timeout',
      'guests_only_timeout',
      'meeting_flow',
      'room_flow',
    ] as const) {
      if (raw[field] !== undefined)
        fail(field, `${field} does not apply to a reception (a reception has no PIN; its rooms do)`);
    }
    if (raw.target !== undefined)
      fail('target', 'target applies only to a vmr or auditorium (a room hosted elsewhere)');
    let match: RegExp | undefined;
    if (raw.match !== undefined) {
      try {
        match = new RegExp(raw.match);
      } catch (error) {
        fail('match', `match is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (raw.replace !== undefined && /\\\d/.test(raw.replace)) {
      problems.push({
        file: source.file,
        line: line('replace'),
        message: `${label}: replace uses "\\1"-style references; Foyer uses "$1"`,
        severity: 'warning',
      });
    }
    const reception: Reception = {
      ...common,
      type: 'reception',
      ...(match && { match }),
      ...(raw.replace !== undefined && { replace: raw.replace }),
    };
    return reception;
  }

  for (const field of ['match', 'replace'] as const) {
    if (raw[field] !== undefined) fail(field, `${field} applies only to a reception`);
  }
  const pins = { hostPin: raw.host_pin, guestPin: raw.guest_pin, allowGuests: raw.allow_guests };
  for (const problem of roomPinProblems(pins, FILE_PIN_FIELDS)) fail(problem.field, problem.message);
  const targetFaults = raw.target ? targetProblems(source, raw.target, ['services', index, 'target'], label) : [];
  problems.push(...targetFaults);

  const room: Room = {
    ...common,
    type: raw.type,
    allowGuests: raw.allow_guests ?? false,
    ...(raw.host_pin !== undefined && { hostPin: raw.host_pin }),
    ...(raw.guest_pin !== undefined && { guestPin: raw.guest_pin }),
    ...(raw.participant_limit !== undefined && { participantLimit: raw.participant_limit }),
    ...(raw.waiting_for_host_timeout !== undefined && { waitingForHostTimeout: raw.waiting_for_host_timeout }),
    ...(raw.guests_only_timeout !== undefined && { guestsOnlyTimeout: raw.guests_only_timeout }),
    ...(raw.meeting_flow !== undefined && { meetingFlow: raw.meeting_flow }),
    ...(raw.room_flow !== undefined && { roomFlow: raw.room_flow }),
    ...(raw.target && targetFaults.length === 0 && { target: toTarget(raw.target) }),
  };
  return room;
}

/** A service and its position in the file's list. */
interface Parsed {
  readonly service: Service;
  readonly index: number;
}

function checkAcrossServices(source: YamlSource, services: readonly Parsed[], problems: Problem[]): void {
  const names = new Map<string, number>();
  const aliases = new Map<string, string>();
  services.forEach(({ service, index }) => {
    const previous = names.get(service.name.toLowerCase());
    if (previous !== undefined) {
      problems.push({
        file: source.file,
        line: source.keyLineOf(['services', index, 'name']),
        message: `service "${service.name}": name already used by the service on line ${previous}`,
        severity: 'error',
      });
    } else {
      names.set(service.name.toLowerCase(), source.keyLineOf(['services', index, 'name']));
    }
    service.aliases.forEach((alias, position) => {
      const key = formatAlias(parseAlias(alias));
      const owner = aliases.get(key);
      if (owner !== undefined) {
        const whose = owner === service.name ? 'this service already' : `service "${owner}"`;
        problems.push(
          source.problem(
            ['services', index, 'aliases', position],
            `service "${service.name}": duplicate alias "${alias}": ${whose} has it`,
          ),
        );
      } else {
        aliases.set(key, service.name);
      }
    });
  });
}

function unknownFieldMessage(key: string, fields: readonly string[] = SERVICE_FIELDS): string {
  const meant = closest(key, fields);
  if (meant !== undefined) return `unknown field "${key}"; did you mean "${meant}"?`;
  return `unknown field "${key}"; known fields: ${fields.join(', ')}`;
}
