import { z } from 'zod';
import { parseDuration } from '../time/index.js';
import type { Problem, YamlSource } from '../yaml/index.js';
import type { Role } from './service.js';

/** How Foyer hands an admitted caller to a room hosted elsewhere. */
export type TransferMethod = 'bridge' | 'refer';

/**
 * Where a room hosted elsewhere lives (`target:` of a vmr or auditorium): the caller is transferred
 * there once admitted, instead of joining a conference here. Templates are kept as written; they
 * are filled per call by `expandTarget`.
 */
export interface Target {
  /** A `sip:`/`sips:` URI, with `{alias}`, `{service}`, `{role}` templates; never credentials. */
  readonly uri: string;
  readonly method: TransferMethod;
  /** `direct`: media between caller and target (FreeSWITCH leaves); `relay`: FreeSWITCH bridges the media. */
  readonly media: 'direct' | 'relay';
  /** Added to the INVITE (bridge) or as Refer-To URI headers (refer); values may hold templates. */
  readonly headers: Readonly<Record<string, string>>;
  /** Keys sent by RFC 4733 once the target answers (`{pin}` allowed; `,` is a 1 s pause). */
  readonly sendKeys?: string;
  readonly ringTimeoutMs: number;
  /** What a rejected REFER (or a failing NOTIFY) falls back to; none: the flow's failure branch. */
  readonly fallback?: 'bridge';
}

export const DEFAULT_RING_TIMEOUT_MS = 30_000;

/** Template fields a target may use; `{pin}` only in send_keys. */
const FIELDS = ['alias', 'service', 'role'] as const;
const KEY_FIELDS = [...FIELDS, 'pin'] as const;

const duration = z.union([z.string(), z.number()]).refine((value) => parseDuration(value) !== undefined, {
  error: 'target.ring_timeout must be a duration such as 30s',
});

export const targetSchema = z
  .object({
    uri: z.string({ error: 'target.uri is required: the SIP URI of the room, such as "sip:{alias}@meet.example.com"' }),
    method: z.enum(['bridge', 'refer'], { error: 'target.method must be bridge or refer' }).default('bridge'),
    media: z.enum(['direct', 'relay'], { error: 'target.media must be direct or relay' }).default('direct'),
    headers: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'target.headers: a header name is letters, digits and -'),
        z.string({ error: 'target.headers: each value must be a quoted string' }),
        { error: 'target.headers must be a mapping of header names to values' },
      )
      .default({}),
    send_keys: z.string({ error: 'target.send_keys must be a quoted string of keys' }).optional(),
    ring_timeout: duration.optional(),
    fallback: z.enum(['bridge'], { error: 'target.fallback must be bridge (or left out)' }).optional(),
  })
  .strict();

export type RawTarget = z.infer<typeof targetSchema>;

export const TARGET_FIELDS = Object.keys(targetSchema.shape);

/**
 * Checks a target's URI, templates and keys beyond its schema; `at` is the target's path in the
 * file. Problems name the line of the field at fault; a URI's password never appears in them.
 */
export function targetProblems(
  source: YamlSource,
  raw: RawTarget,
  at: readonly (string | number)[],
  label: string,
): Problem[] {
  const problems: Problem[] = [];
  const fail = (path: readonly (string | number)[], message: string) =>
    problems.push({
      file: source.file,
      line: source.keyLineOf([...at, ...path]),
      message: `${label}: ${message}`,
      severity: 'error',
    });
  const uri = raw.uri.trim();
  if (!/^sips?:[^\s@]+@[^\s@]+$/.test(uri) && !/^sips?:[^\s@:]+$/.test(uri))
    fail(['uri'], `target.uri "${redactUri(uri)}" is not a SIP URI such as "sip:{alias}@meet.example.com"`);
  else if (/^sips?:[^@]*:[^@]*@/.test(uri))
    fail(['uri'], 'target.uri must not hold credentials (user:password@): Foyer never sends or logs them');
  for (const unknown of unknownTemplates(uri, FIELDS)) fail(['uri'], templateMessage('target.uri', unknown, FIELDS));
  for (const [name, value] of Object.entries(raw.headers)) {
    for (const unknown of unknownTemplates(value, FIELDS))
      fail(['headers', name], templateMessage(`target.headers.${name}`, unknown, FIELDS));
  }
  if (raw.send_keys !== undefined) {
    for (const unknown of unknownTemplates(raw.send_keys, KEY_FIELDS))
      fail(['send_keys'], templateMessage('target.send_keys', unknown, KEY_FIELDS));
    if (!/^[0-9*#A-D,]*$/.test(raw.send_keys.replace(/\{[a-z]+\}/g, '')))
      fail(['send_keys'], 'target.send_keys must be keys (0-9 * # A-D), "," pauses and {pin}');
  }
  return problems;
}

/** The target as Foyer holds it, from its validated form. */
export function toTarget(raw: RawTarget): Target {
  return {
    uri: raw.uri.trim(),
    method: raw.method,
    media: raw.media,
    headers: raw.headers,
    ...(raw.send_keys !== undefined && { sendKeys: raw.send_keys }),
    ringTimeoutMs: raw.ring_timeout === undefined ? DEFAULT_RING_TIMEOUT_MS : (parseDuration(raw.ring_timeout) ?? 0),
    ...(raw.fallback && { fallback: raw.fallback }),
  };
}

/** What the templates of a target are filled with for one call. */
export interface TargetValues {
  /** The room's first alias, as configured (never the caller's digits). */
  readonly alias: string;
  readonly service: string;
  readonly role: Role;
  /** The room's PIN for the role ('' when it has none): only ever in send_keys. */
  readonly pin: string;
}

/** A target with its templates filled for one call. */
export interface ResolvedTarget extends Omit<Target, 'sendKeys'> {
  readonly sendKeys?: string;
}

export function expandTarget(target: Target, values: TargetValues): ResolvedTarget {
  const fill = (text: string, fields: readonly string[]) =>
    text.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
      fields.includes(name) ? values[name as keyof TargetValues] : whole,
    );
  return {
    ...target,
    uri: fill(target.uri, FIELDS),
    headers: Object.fromEntries(Object.entries(target.headers).map(([name, value]) => [name, fill(value, FIELDS)])),
    ...(target.sendKeys !== undefined && { sendKeys: fill(target.sendKeys, KEY_FIELDS) }),
  };
}

/** A URI as logs and messages may show it: any password replaced by `***`. */
export function redactUri(uri: string): string {
  return uri.replace(/^(sips?:[^:@]*):[^@]*@/, '$1:***@');
}

function unknownTemplates(text: string, fields: readonly string[]): string[] {
  return [...text.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '').filter((name) => !fields.includes(name));
}

function templateMessage(field: string, name: string, fields: readonly string[]): string {
  const known = fields.map((known) => `{${known}}`).join(' ');
  const extra = name === 'pin' ? ' ({pin} goes only in send_keys)' : '';
  return `${field}: unknown template {${name}}${extra}; known: ${known}`;
}
