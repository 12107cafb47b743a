import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { LoadError, YamlSource, zodProblems, type Problem } from '../yaml/index.js';
import { KeyScriptError, parseKeyScript, type KeyAction } from './key-script.js';
import { DEFAULT_TARGET_SCRIPT, type TargetScript } from './simulated-transfer.js';

/** One scripted caller of a scenario. */
export interface ScenarioCaller {
  readonly id: string;
  readonly to: string;
  readonly from: string;
  readonly source: string;
  readonly userAgent?: string;
  /** Headers of the call's INVITE, such as the one a trusted proxy names the caller in. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds after the start of the run. */
  readonly atMs: number;
  readonly script: readonly KeyAction[];
  readonly hangupAtMs?: number;
  /** How the target of a room hosted elsewhere, and the caller's phone (REFER), answer this caller's transfer. */
  readonly target?: TargetScript;
}

export interface Scenario {
  readonly file: string;
  /** The services file the scenario names (absolute), if any. */
  readonly servicesFile?: string;
  /** An external policy server the run asks for every call (`policy: URL`), as `foyer start` would. */
  readonly policyUrl?: string;
  readonly callers: readonly ScenarioCaller[];
  /** Abuse-resistance settings for this run, over the configured ones (field names as in the config file). */
  readonly security?: ScenarioSecurity;
}

export interface ScenarioSecurity {
  readonly allowList?: readonly string[];
  readonly trustedProxies?: readonly string[];
  readonly sourceHeader?: string;
  readonly scannerUserAgents?: readonly string[];
  readonly blockResponse?: string;
}

const callerSchema = z
  .object({
    id: z
      .string({ error: 'id is required: a name for this caller' })
      .regex(/^[A-Za-z0-9_.-]+$/, 'id must be letters, digits, _ . -'),
    to: z
      .string({
        error: (issue) =>
          issue.input === undefined ? 'to is required: the alias this caller dials (quoted)' : undefined,
      })
      .min(1),
    from: z.string().optional(),
    source: z.string().optional(),
    user_agent: z.string().optional(),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'header names are letters, digits and -'), z.string())
      .optional(),
    at: z.number({ error: 'at must be seconds after the start' }).min(0).default(0),
    keys: z.string({ error: 'keys must be a quoted key script' }).default(''),
    hangup_at: z.number({ error: 'hangup_at must be seconds after the start' }).min(0).optional(),
    target: z
      .object({
        answer: z
          .union([z.literal('busy'), z.literal('no_answer'), z.number().int().min(200).max(699)], {
            error: 'target.answer must be 200, busy, no_answer or a SIP status such as 603',
          })
          .default(200),
        after: z.number({ error: 'target.after must be seconds' }).min(0).default(2),
        refer: z
          .number({ error: 'target.refer must be the SIP status the caller answers REFER with (200, 603...)' })
          .int()
          .min(200)
          .max(699)
          .default(200),
        hangup_after: z.number({ error: 'target.hangup_after must be seconds after it answered' }).min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    services: z.string().optional(),
    policy: z
      .string({ error: 'policy must be the URL of a policy server, such as http://127.0.0.1:8089' })
      .regex(/^https?:\/\/\S+$/, 'policy must be an http:// or https:// URL')
      .optional(),
    security: z
      .object({
        allow_list: z.array(z.string()).optional(),
        trusted_proxies: z.array(z.string()).optional(),
        source_header: z.string().optional(),
        scanner_user_agents: z.array(z.string()).optional(),
        block_response: z.enum(['reject', 'drop']).optional(),
      })
      .strict()
      .optional(),
    callers: z.array(callerSchema).min(1, 'callers must list at least one caller'),
  })
  .strict();

/** The fields of each mapping in a scenario file, for "did you mean". */
function scenarioFields(path: readonly (string | number)[]): readonly string[] | undefined {
  if (path.length === 0) return Object.keys(scenarioSchema.shape);
  if (path[0] === 'security' && path.length === 1) return Object.keys(scenarioSchema.shape.security.unwrap().shape);
  if (path[0] === 'callers' && path.length === 2) return Object.keys(callerSchema.shape);
  if (path[0] === 'callers' && path[2] === 'target' && path.length === 3)
    return Object.keys(callerSchema.shape.target.unwrap().shape);
  return undefined;
}

/** Reads a scenario file; every problem is reported with its line. */
export function loadScenario(file: string): Scenario {
  return parseScenario(YamlSource.read(file));
}

/** A scenario from its YAML; `services` is relative to the file's folder. Throws LoadError. */
export function parseScenario(source: YamlSource): Scenario {
  const { file } = source;
  const parsed = scenarioSchema.safeParse(source.data);
  if (!parsed.success) throw new LoadError(zodProblems(source, parsed.error, [], scenarioFields));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const callers = parsed.data.callers.map((raw, index): ScenarioCaller => {
    if (seen.has(raw.id))
      problems.push(source.problem(['callers', index, 'id'], `caller id "${raw.id}" is used twice`));
    seen.add(raw.id);
    let script: KeyAction[] = [];
    try {
      script = parseKeyScript(raw.keys);
    } catch (error) {
      if (!(error instanceof KeyScriptError)) throw error;
      problems.push(source.problem(['callers', index, 'keys'], `caller ${raw.id}: ${error.message}`));
    }
    if (raw.hangup_at !== undefined && raw.hangup_at < raw.at)
      problems.push(source.problem(['callers', index, 'hangup_at'], `caller ${raw.id}: hangup_at is before at`));
    return {
      id: raw.id,
      to: raw.to,
      from: raw.from ?? `sip:${raw.id}@example.com`,
      source: raw.source ?? `192.0.2.${(index % 250) + 1}`,
      ...(raw.user_agent !== undefined && { userAgent: raw.user_agent }),
      ...(raw.headers !== undefined && { headers: raw.headers }),
      atMs: raw.at * 1000,
      script,
      ...(raw.hangup_at !== undefined && { hangupAtMs: raw.hangup_at * 1000 }),
      ...(raw.target && { target: targetScript(raw.target) }),
    };
  });
  if (problems.length > 0) throw new LoadError(problems);
  const security = parsed.data.security;
  return {
    file,
    callers,
    ...(security && {
      security: {
        ...(security.allow_list && { allowList: security.allow_list }),
        ...(security.trusted_proxies && { trustedProxies: security.trusted_proxies }),
        ...(security.source_header !== undefined && { sourceHeader: security.source_header }),
        ...(security.scanner_user_agents && { scannerUserAgents: security.scanner_user_agents }),
        ...(security.block_response && { blockResponse: security.block_response }),
      },
    }),
    ...(parsed.data.services !== undefined && { servicesFile: resolve(dirname(file), parsed.data.services) }),
    ...(parsed.data.policy !== undefined && { policyUrl: parsed.data.policy }),
  };
}

function targetScript(raw: NonNullable<z.infer<typeof callerSchema>['target']>): TargetScript {
  return {
    ...DEFAULT_TARGET_SCRIPT,
    answer: raw.answer === 'busy' ? 486 : raw.answer,
    afterMs: raw.after * 1000,
    refer: raw.refer,
    ...(raw.hangup_after !== undefined && { hangupAfterMs: raw.hangup_after * 1000 }),
  };
}
