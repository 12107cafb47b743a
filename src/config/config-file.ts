import { z } from 'zod';
import { LoadError, YamlSource, zodProblems } from '../yaml/index.js';
import { mediaServersField } from './media-servers.js';
import { durationMs, splitList } from './setting-text.js';

/** A value as the config file gives it. */
export type SettingValue = string | number | boolean | readonly string[];

/** A duration in the config file: `10s`, `500ms`, or a number of seconds. */
const durationField = z.union([z.number().min(0), z.string()]).transform((value, context) => {
  const ms = durationMs(value);
  if (ms === undefined)
    context.addIssue({ code: 'custom', message: 'must be a duration such as 5s, 500ms or 1m (a number is seconds)' });
  return ms ?? 0;
});

/** A list in the config file: YAML's own, or comma-separated text as in the environment. */
const stringList = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (typeof value === 'string' ? splitList(value) : value))
  .optional();

/** The config file's `policy:` section. */
const policySection = z
  .object({
    url: z.string().optional(),
    fallback: z.enum(['local', 'reject']).optional(),
    timeout: durationField.optional(),
    max_in_flight: z.number().int().min(1).optional(),
    cache: durationField.optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    password_file: z.string().optional(),
    ca: z.string().optional(),
    participant: z.boolean().optional(),
    serve: z.boolean().optional(),
    serve_username: z.string().optional(),
    serve_password: z.string().optional(),
    serve_password_file: z.string().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    services: z.string().optional(),
    flows: z.string().optional(),
    prompts: z.string().optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a tag such as en-US')
      .optional(),
    theme: z.string().min(1).optional(),
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
    log_format: z.enum(['auto', 'json', 'pretty']).optional(),
    usage_log: z.string().optional(),
    waiting_for_host_timeout: z.number().min(1).optional(),
    guests_only_timeout: z.number().min(0).optional(),
    announce_participant_count: z.boolean().optional(),
    tones: z.boolean().optional(),
    telephony: z.enum(['auto', 'embedded', 'freeswitch']).optional(),
    sip: z.string().optional(),
    drachtio: z.string().optional(),
    freeswitch: mediaServersField.optional(),
    media_locations: stringList,
    media_location_header: z.string().optional(),
    fsmrf_listen: z.string().optional(),
    prompt_base: z.string().optional(),
    http_port: z.number().int().min(0).max(65535).optional(),
    conference_profile: z.string().optional(),
    allow_list: stringList,
    trusted_proxies: stringList,
    source_header: z.string().optional(),
    scanner_user_agents: stringList,
    block_response: z.enum(['reject', 'drop']).optional(),
    redis_url: z.string().optional(),
    allow_demo_services: z.boolean().optional(),
    freeswitch_checks: z.enum(['enforce', 'warn']).optional(),
    http_address: z.string().min(1).optional(),
    policy: policySection.optional(),
  })
  .strict();

/** The config file's values by field (`policy.url` for a section's), checked; a LoadError names the line of each problem. */
export function readConfigFile(file: string): { source: YamlSource; values: Record<string, SettingValue | undefined> } {
  const source = YamlSource.read(file);
  const data = source.data ?? {};
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success)
    throw new LoadError(
      zodProblems(source, parsed.error, [], (path) => {
        if (path.length === 0) return Object.keys(fileSchema.shape);
        if (path.length === 1 && path[0] === 'policy') return Object.keys(policySection.shape);
        return undefined;
      }),
    );
  // Sections (`policy:`) are read as dotted fields (`policy.url`), as SETTINGS names them.
  const { policy, ...top } = parsed.data;
  const values: Record<string, SettingValue | undefined> = { ...top };
  for (const [name, value] of Object.entries(policy ?? {})) values[`policy.${name}`] = value;
  return { source, values };
}
