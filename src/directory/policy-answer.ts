import { z } from 'zod';
import type { GatewayTarget } from './gateway.js';
import { fromPexip } from './pexip-regex.js';
import { describe, isObject, readEnvelope } from './policy-envelope.js';
import { roomPinProblems } from './room-rules.js';
import type { Reception, Room, Service } from './service.js';

/**
 * What a policy server's answer to a service configuration request means for the call:
 * - `service`: the room or reception to run;
 * - `gateway`: a room hosted elsewhere (calls out, not built yet);
 * - `reject`: the alias is unknown (404, counted as scanning);
 * - `continue`: the server has nothing to say: use the services file;
 * - `invalid`: the answer cannot be used (`problem` says why, never quoting a PIN).
 */
export type ServiceAnswer =
  | { readonly kind: 'service'; readonly service: Service }
  | { readonly kind: 'gateway'; readonly target: GatewayTarget }
  | { readonly kind: 'reject' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'invalid'; readonly problem: string };

/** Pexip sends `null` for a field it leaves unset: the same as leaving it out. */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();
const flowName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a flow name such as pin-entry');

/** Fields Foyer needs and Pexip lacks: `result.foyer`. Unknown ones are ignored. */
const foyerFields = z
  .object({
    flow: flowName.optional(),
    meeting_flow: flowName.optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-US')
      .optional(),
    waiting_for_host_timeout: z.number().min(1, 'must be at least 1 second').optional(),
    guests_only_timeout: z.number().min(0, 'must not be negative').optional(),
    pins_withheld: z.boolean().optional(),
  })
  .nullish();

const common = {
  name: z.string().trim().min(1, 'must not be empty').max(250, 'must be at most 250 characters'),
  service_tag: text(250),
  description: text(1000),
  ivr_theme_name: text(250),
  foyer: foyerFields,
};

const roomFields = z.object({
  ...common,
  service_type: z.enum(['conference', 'lecture']),
  pin: text(21),
  guest_pin: text(21),
  allow_guests: z.boolean().nullish(),
  participant_limit: z.number().int('must be a whole number').min(1, 'must be at least 1').nullish(),
  locked: z.boolean().nullish(),
});

const receptionFields = z.object({
  ...common,
  service_type: z.literal('two_stage_dialing'),
  match_string: text(250),
  replace_string: text(250),
  post_match_string: text(250),
  post_replace_string: text(250),
});

const gatewayFields = z.object({
  ...common,
  service_type: z.literal('gateway'),
  remote_alias: z.string().trim().min(1, 'must name where the call goes').max(500),
  outgoing_protocol: text(20),
  local_alias: text(500),
});

const SERVICE_TYPES = ['conference', 'lecture', 'two_stage_dialing', 'gateway'];

/**
 * Reads a policy server's answer (any JSON) to `GET /policy/v1/service/configuration` for
 * `dialled`. Never throws: every answer has a defined meaning.
 */
export function readServiceAnswer(json: unknown, dialled: string): ServiceAnswer {
  const envelope = readEnvelope(json);
  if (envelope.kind !== 'result') return envelope;
  const { result } = envelope;
  if (isObject(result.foyer) && result.foyer.pins_withheld === true)
    return {
      kind: 'invalid',
      problem: 'the server withheld the PINs (it gives them only to a client that authenticates)',
    };
  const type = result.service_type;
  if (typeof type !== 'string' || !SERVICE_TYPES.includes(type))
    return {
      kind: 'invalid',
      problem: `result.service_type is ${describe(type)}, not one Foyer runs (${SERVICE_TYPES.join(', ')})`,
    };
  try {
    if (type === 'gateway') return { kind: 'gateway', target: gatewayOf(parse(gatewayFields, result)) };
    if (type === 'two_stage_dialing')
      return { kind: 'service', service: receptionOf(parse(receptionFields, result), dialled) };
    return { kind: 'service', service: roomOf(parse(roomFields, result), dialled) };
  } catch (error) {
    return { kind: 'invalid', problem: (error as Error).message };
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => {
    const path = ['result', ...issue.path.filter((key) => typeof key !== 'symbol')].join('.');
    const message = issue.code === 'invalid_type' ? `must be ${issue.expected}` : issue.message;
    return `${path}: ${message}`;
  });
  throw new Error(issues.join('; '));
}

type CommonFields = z.infer<typeof roomFields> | z.infer<typeof receptionFields>;

function base(raw: CommonFields, dialled: string) {
  const foyer = raw.foyer ?? {};
  return {
    name: raw.name,
    aliases: [dialled],
    ...(raw.service_tag != null && raw.service_tag !== '' && { serviceTag: raw.service_tag }),
    ...(raw.description != null && { description: raw.description }),
    ...(raw.ivr_theme_name != null && raw.ivr_theme_name !== '' && { theme: raw.ivr_theme_name }),
    ...(foyer.language !== undefined && { language: foyer.language }),
    ...(foyer.flow !== undefined && { flow: foyer.flow }),
  };
}

/** A Pexip PIN: empty means none, and a terminal `#` (which Pexip allows) is not part of it. */
function pinOf(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const pin = value.endsWith('#') ? value.slice(0, -1) : value;
  return pin === '' ? undefined : pin;
}

const POLICY_PIN_FIELDS = { hostPin: 'result.pin', guestPin: 'result.guest_pin', allowGuests: 'result.allow_guests' };

function roomOf(raw: z.infer<typeof roomFields>, dialled: string): Room {
  const hostPin = pinOf(raw.pin);
  const guestPin = pinOf(raw.guest_pin);
  const allowGuests = raw.allow_guests ?? false;
  const problems = roomPinProblems({ hostPin, guestPin, allowGuests }, POLICY_PIN_FIELDS);
  if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('; '));
  const foyer = raw.foyer ?? {};
  return {
    ...base(raw, dialled),
    type: raw.service_type === 'lecture' ? 'auditorium' : 'vmr',
    allowGuests,
    ...(hostPin !== undefined && { hostPin }),
    ...(guestPin !== undefined && { guestPin }),
    ...(raw.participant_limit != null && { participantLimit: raw.participant_limit }),
    ...(raw.locked === true && { locked: true }),
    ...(foyer.waiting_for_host_timeout !== undefined && { waitingForHostTimeout: foyer.waiting_for_host_timeout }),
    ...(foyer.guests_only_timeout !== undefined && { guestsOnlyTimeout: foyer.guests_only_timeout }),
  };
}

function receptionOf(raw: z.infer<typeof receptionFields>, dialled: string): Reception {
  const first = rewriteOf('match_string', raw.match_string, raw.replace_string);
  const second = rewriteOf('post_match_string', raw.post_match_string, raw.post_replace_string);
  return {
    ...base(raw, dialled),
    type: 'reception',
    ...(first && { match: first.match }),
    ...(first?.replace !== undefined && { replace: first.replace }),
    ...(second && { postMatch: second.match }),
    ...(second?.replace !== undefined && { postReplace: second.replace }),
  };
}

function rewriteOf(field: string, match: string | null | undefined, replace: string | null | undefined) {
  try {
    return fromPexip(match ?? undefined, replace ?? undefined);
  } catch (error) {
    throw new Error(`result.${field} (or its replace string): ${(error as Error).message}`);
  }
}

function gatewayOf(raw: z.infer<typeof gatewayFields>): GatewayTarget {
  return {
    name: raw.name,
    remoteAlias: raw.remote_alias,
    ...(raw.service_tag != null && raw.service_tag !== '' && { serviceTag: raw.service_tag }),
    ...(raw.description != null && { description: raw.description }),
    ...(raw.outgoing_protocol != null && { outgoingProtocol: raw.outgoing_protocol }),
    ...(raw.local_alias != null && { localAlias: raw.local_alias }),
    ...(raw.ivr_theme_name != null && raw.ivr_theme_name !== '' && { theme: raw.ivr_theme_name }),
  };
}
