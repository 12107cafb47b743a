import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDuration } from '../time/duration.js';
import { LoadError, YamlSource, zodProblems, type Problem } from '../yaml/index.js';
import { mediaServersField } from './media-servers.js';
import { maskSecret, MASKED_SETTINGS, SETTING_CHECKS } from './setting-checks.js';
import { SettingError } from './setting-error.js';

/** The repository (or installed package) root: embedded defaults live here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One setting: where it can come from, and what it is. */
interface SettingSpec {
  readonly key: keyof Settings;
  /** Field name in the config file. */
  readonly field: string;
  readonly env: string;
  /** Command-line flag (without the leading dashes), when there is one. */
  readonly flag?: string;
  readonly description: string;
  /**
   * `list`: comma-separated in a flag or the environment, a YAML list (or the same text) in the file.
   * `duration`: `500ms`, `10s`, `1m`, or a bare number of seconds; held in milliseconds.
   */
  readonly kind: 'path' | 'text' | 'number' | 'boolean' | 'list' | 'duration';
}

export interface Settings {
  readonly servicesFile: string;
  readonly flowsDir: string;
  readonly promptsDir: string;
  readonly defaultLanguage: string;
  readonly defaultTheme: string;
  readonly logLevel: string;
  /** `auto` (human-readable at a terminal, JSON otherwise), `json` or `pretty`. */
  readonly logFormat: string;
  /** `stdout`, a file, or empty for none. */
  readonly usageLog: string;
  readonly waitingForHostTimeout: number;
  readonly guestsOnlyTimeout: number;
  readonly announceParticipantCount: boolean;
  readonly tones: boolean;
  /**
   * `embedded` (Foyer's own SIP and RTP), `freeswitch` (drachtio-server and FreeSWITCH), or `auto`:
   * freeswitch when drachtio or freeswitch is configured anywhere, embedded otherwise.
   */
  readonly telephony: string;
  /** `host:port` the embedded endpoint answers SIP on (UDP and TCP). */
  readonly sip: string;
  /** `host:port:secret` of drachtio-server's admin port. */
  readonly drachtio: string;
  /**
   * FreeSWITCH event sockets, comma-separated, each `host:port:secret[@location][/capacity]`: the
   * pool of media servers (see media-servers.ts).
   */
  readonly freeswitch: string;
  /** `network=location` rules placing callers from a network (CIDR) in a location of the pool. */
  readonly mediaLocations: readonly string[];
  /** A SIP header naming the caller's location (an SBC's); it wins over `mediaLocations`. */
  readonly mediaLocationHeader: string;
  /** `address[:port]` where FreeSWITCH reaches Foyer's outbound event socket. */
  readonly fsmrfListen: string;
  /** Where FreeSWITCH finds the prompts folder (its own path, or an http base). */
  readonly promptBase: string;
  readonly httpPort: number;
  /** FreeSWITCH conference profile (its own keypad controls off). */
  readonly conferenceProfile: string;
  /** Networks (CIDR) never counted nor blocked by abuse resistance. */
  readonly allowList: readonly string[];
  /** Peers (CIDR) whose callers share their address: the source comes from `sourceHeader` or the caller ID. */
  readonly trustedProxies: readonly string[];
  /** Header naming the caller behind a trusted proxy (X-Forwarded-For, P-Asserted-Identity); empty: the caller ID. */
  readonly sourceHeader: string;
  /** Parts of User-Agent values that mark a scanner (case-insensitive). */
  readonly scannerUserAgents: readonly string[];
  /** `reject` (403 with no body) or `drop` (no answer) for blocked sources and scanners. */
  readonly blockResponse: string;
  /** Redis shared by several Foyer processes for abuse counters and blocks; empty: in memory. */
  readonly redisUrl: string;
  /** `foyer start` runs the embedded demo services (PIN 1234) only when this is true. */
  readonly allowDemoServices: boolean;
  /** `enforce`: a FreeSWITCH lacking what calls need takes none; `warn`: it takes them anyway. */
  readonly freeswitchChecks: string;
  /** Address the HTTP port (health, metrics, the served policy API) listens on. */
  readonly httpAddress: string;
  /** External policy server (Pexip's API) asked for every call; empty: the services file alone. See docs/external-policy.md. */
  readonly policyUrl: string;
  /** `local`: a failed policy request falls back to the services file; `reject`: the call is refused (503). */
  readonly policyFallback: string;
  /** Longest a policy request may take, in ms. */
  readonly policyTimeout: number;
  /** Policy requests waiting at once; more fail at once (and fall back). */
  readonly policyMaxInFlight: number;
  /** How long policy answers are kept, in ms; 0: not kept. */
  readonly policyCache: number;
  readonly policyUsername: string;
  readonly policyPassword: string;
  /** A file holding the policy password (its first line), instead of `policyPassword`. */
  readonly policyPasswordFile: string;
  /** PEM file of the certificate authorities trusted for an https policy URL. */
  readonly policyCa: string;
  /** Ask the participant policy before each caller's PIN entry. */
  readonly policyParticipant: boolean;
  /** Serve Foyer's own services as a policy API on the HTTP port. */
  readonly policyServe: boolean;
  /** Credentials a client of the served policy API gives to receive PINs. */
  readonly policyServeUsername: string;
  readonly policyServePassword: string;
  readonly policyServePasswordFile: string;
}

/** Every setting Foyer reads; docs/services-and-configuration.md's table is generated from it. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'servicesFile',
    field: 'services',
    env: 'FOYER_SERVICES',
    flag: 'services',
    kind: 'path',
    description: 'services file (YAML)',
  },
  {
    key: 'flowsDir',
    field: 'flows',
    env: 'FOYER_FLOWS',
    flag: 'flows',
    kind: 'path',
    description: 'folder of flow files',
  },
  {
    key: 'promptsDir',
    field: 'prompts',
    env: 'FOYER_PROMPTS',
    flag: 'prompts',
    kind: 'path',
    description: 'folder of prompt themes',
  },
  {
    key: 'defaultLanguage',
    field: 'language',
    env: 'FOYER_LANGUAGE',
    kind: 'text',
    description: 'prompt language for services that name none',
  },
  {
    key: 'defaultTheme',
    field: 'theme',
    env: 'FOYER_THEME',
    kind: 'text',
    description: 'prompt theme for services that name none',
  },
  {
    key: 'logLevel',
    field: 'log_level',
    env: 'FOYER_LOG_LEVEL',
    flag: 'log-level',
    kind: 'text',
    description: 'application log level (trace, debug, info, warn, error, fatal, silent)',
  },
  {
    key: 'logFormat',
    field: 'log_format',
    env: 'FOYER_LOG_FORMAT',
    flag: 'log-format',
    kind: 'text',
    description: 'application log format: auto (readable at a terminal, JSON otherwise), json or pretty',
  },
  {
    key: 'usageLog',
    field: 'usage_log',
    env: 'FOYER_USAGE_LOG',
    flag: 'usage-log',
    kind: 'text',
    description: 'usage log: stdout, or a file to append to',
  },
  {
    key: 'waitingForHostTimeout',
    field: 'waiting_for_host_timeout',
    env: 'FOYER_WAITING_FOR_HOST_TIMEOUT',
    kind: 'number',
    description: 'seconds a guest waits for a host (rooms may override)',
  },
  {
    key: 'guestsOnlyTimeout',
    field: 'guests_only_timeout',
    env: 'FOYER_GUESTS_ONLY_TIMEOUT',
    kind: 'number',
    description: 'seconds guests stay after the last host leaves; 0 = at once (rooms may override)',
  },
  {
    key: 'announceParticipantCount',
    field: 'announce_participant_count',
    env: 'FOYER_ANNOUNCE_PARTICIPANT_COUNT',
    kind: 'boolean',
    description: 'tell a joining caller that others are in the conference',
  },
  { key: 'tones', field: 'tones', env: 'FOYER_TONES', kind: 'boolean', description: 'join and leave tones' },
  {
    key: 'telephony',
    field: 'telephony',
    env: 'FOYER_TELEPHONY',
    flag: 'telephony',
    kind: 'text',
    description: 'embedded (SIP and RTP in Foyer), freeswitch (drachtio-server and FreeSWITCH), or auto',
  },
  {
    key: 'sip',
    field: 'sip',
    env: 'FOYER_SIP',
    flag: 'sip',
    kind: 'text',
    description: 'host:port the embedded endpoint answers SIP on (UDP and TCP)',
  },
  {
    key: 'drachtio',
    field: 'drachtio',
    env: 'FOYER_DRACHTIO',
    flag: 'drachtio',
    kind: 'text',
    description: 'drachtio-server admin port as host:port:secret',
  },
  {
    key: 'freeswitch',
    field: 'freeswitch',
    env: 'FOYER_FREESWITCH',
    flag: 'freeswitch',
    kind: 'text',
    description:
      'FreeSWITCH event sockets as host:port:secret[@location][/capacity], comma-separated (a pool of media servers)',
  },
  {
    key: 'mediaLocations',
    field: 'media_locations',
    env: 'FOYER_MEDIA_LOCATIONS',
    kind: 'list',
    description: "network=location rules (10.1.0.0/16=newyork) placing callers' media in a location of the pool",
  },
  {
    key: 'mediaLocationHeader',
    field: 'media_location_header',
    env: 'FOYER_MEDIA_LOCATION_HEADER',
    kind: 'text',
    description: "SIP header naming the caller's location (wins over media_locations); empty: none",
  },
  {
    key: 'fsmrfListen',
    field: 'fsmrf_listen',
    env: 'FOYER_FSMRF_LISTEN',
    kind: 'text',
    description: "address[:port] FreeSWITCH uses to reach Foyer's outbound event socket",
  },
  {
    key: 'promptBase',
    field: 'prompt_base',
    env: 'FOYER_PROMPT_BASE',
    kind: 'text',
    description: 'where FreeSWITCH finds prompts/ (its own path, or an http base)',
  },
  {
    key: 'httpPort',
    field: 'http_port',
    env: 'FOYER_HTTP_PORT',
    flag: 'http-port',
    kind: 'number',
    description: 'HTTP port of /health, /metrics, /blocks and /reload (on http_address)',
  },
  {
    key: 'conferenceProfile',
    field: 'conference_profile',
    env: 'FOYER_CONFERENCE_PROFILE',
    kind: 'text',
    description: 'FreeSWITCH conference profile with its keypad controls off',
  },
  {
    key: 'allowList',
    field: 'allow_list',
    env: 'FOYER_ALLOW_LIST',
    kind: 'list',
    description: 'networks (CIDR) never counted nor blocked',
  },
  {
    key: 'trustedProxies',
    field: 'trusted_proxies',
    env: 'FOYER_TRUSTED_PROXIES',
    kind: 'list',
    description: 'SBCs and trunks (CIDR) whose callers are told apart by source_header or the caller ID',
  },
  {
    key: 'sourceHeader',
    field: 'source_header',
    env: 'FOYER_SOURCE_HEADER',
    kind: 'text',
    description: 'header naming the caller behind a trusted proxy; empty: the caller ID',
  },
  {
    key: 'scannerUserAgents',
    field: 'scanner_user_agents',
    env: 'FOYER_SCANNER_USER_AGENTS',
    kind: 'list',
    description: 'User-Agent parts of scanners, refused at once',
  },
  {
    key: 'blockResponse',
    field: 'block_response',
    env: 'FOYER_BLOCK_RESPONSE',
    kind: 'text',
    description: 'reject (403, no body) or drop (no answer) for blocked sources and scanners',
  },
  {
    key: 'redisUrl',
    field: 'redis_url',
    env: 'FOYER_REDIS_URL',
    kind: 'text',
    description: 'Redis for abuse counters and blocks shared by several Foyer processes',
  },
  {
    key: 'allowDemoServices',
    field: 'allow_demo_services',
    env: 'FOYER_ALLOW_DEMO_SERVICES',
    flag: 'allow-demo-services',
    kind: 'boolean',
    description: 'let foyer start run the embedded demo services (PIN 1234); for trials only',
  },
  {
    key: 'freeswitchChecks',
    field: 'freeswitch_checks',
    env: 'FOYER_FREESWITCH_CHECKS',
    flag: 'freeswitch-checks',
    kind: 'text',
    description: 'enforce (a FreeSWITCH lacking what calls need takes none) or warn (takes them anyway)',
  },
  {
    key: 'httpAddress',
    field: 'http_address',
    env: 'FOYER_HTTP_ADDRESS',
    kind: 'text',
    description: 'address of the HTTP port (operator routes answer loopback peers only, whatever it is)',
  },
  ...policySettings(),
];

/** The `policy:` section of the config file: an external policy server, and the one Foyer serves. */
function policySettings(): SettingSpec[] {
  const spec = (
    key: keyof Settings,
    name: string,
    kind: SettingSpec['kind'],
    description: string,
    flag?: string,
  ): SettingSpec => ({
    key,
    field: `policy.${name}`,
    env: `FOYER_POLICY_${name.toUpperCase()}`,
    kind,
    description,
    ...(flag !== undefined && { flag }),
  });
  return [
    spec('policyUrl', 'url', 'text', 'external policy server (Pexip API) asked for every call', 'policy-url'),
    spec('policyFallback', 'fallback', 'text', 'when the policy server fails: local (services file) or reject (503)'),
    spec('policyTimeout', 'timeout', 'duration', 'longest a policy request may take (5s, 500ms)'),
    spec('policyMaxInFlight', 'max_in_flight', 'number', 'policy requests waiting at once; more fall back at once'),
    spec('policyCache', 'cache', 'duration', 'how long policy answers are kept (0: not kept)'),
    spec('policyUsername', 'username', 'text', 'user name for basic authentication to the policy server'),
    spec('policyPassword', 'password', 'text', 'password for basic authentication to the policy server'),
    spec('policyPasswordFile', 'password_file', 'path', 'file holding the policy password'),
    spec('policyCa', 'ca', 'path', 'PEM file of certificate authorities for an https policy URL'),
    spec('policyParticipant', 'participant', 'boolean', 'ask the participant policy before PIN entry'),
    spec('policyServe', 'serve', 'boolean', "serve Foyer's own services as a policy API on the HTTP port"),
    spec('policyServeUsername', 'serve_username', 'text', 'user name a client of the served API gives to get PINs'),
    spec('policyServePassword', 'serve_password', 'text', 'password a client of the served API gives to get PINs'),
    spec('policyServePasswordFile', 'serve_password_file', 'path', 'file holding the served API password'),
  ];
}

export const DEFAULTS: Settings = {
  servicesFile: resolve(PACKAGE_ROOT, 'src/config/services.yaml'),
  flowsDir: resolve(PACKAGE_ROOT, 'flows'),
  promptsDir: resolve(PACKAGE_ROOT, 'prompts'),
  defaultLanguage: 'en-US',
  defaultTheme: 'base',
  logLevel: 'info',
  logFormat: 'auto',
  usageLog: '',
  waitingForHostTimeout: 900,
  guestsOnlyTimeout: 60,
  announceParticipantCount: true,
  tones: true,
  telephony: 'auto',
  sip: '127.0.0.1:5060',
  drachtio: '127.0.0.1:9022:cymru',
  freeswitch: '127.0.0.1:8021:ClueCon',
  mediaLocations: [],
  mediaLocationHeader: '',
  fsmrfListen: '127.0.0.1',
  promptBase: resolve(PACKAGE_ROOT, 'prompts'),
  httpPort: 8088,
  conferenceProfile: 'foyer',
  allowList: [],
  trustedProxies: [],
  sourceHeader: '',
  scannerUserAgents: ['friendly-scanner', 'sipvicious', 'sipcli', 'VaxSIPUserAgent'],
  blockResponse: 'reject',
  redisUrl: '',
  allowDemoServices: false,
  freeswitchChecks: 'enforce',
  httpAddress: '127.0.0.1',
  policyUrl: '',
  policyFallback: 'local',
  policyTimeout: 5_000,
  policyMaxInFlight: 50,
  policyCache: 0,
  policyUsername: '',
  policyPassword: '',
  policyPasswordFile: '',
  policyCa: '',
  policyParticipant: false,
  policyServe: false,
  policyServeUsername: '',
  policyServePassword: '',
  policyServePasswordFile: '',
};

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

export interface SettingsSources {
  /** Command-line values, by setting key. */
  readonly flags?: Partial<Record<keyof Settings, string | undefined>>;
  readonly env?: NodeJS.ProcessEnv;
  /** Config file: `--config`, else FOYER_CONFIG, else none. */
  readonly configFile?: string;
  /** This command's own defaults (`simulate` logs at warn), used when no flag, variable or file sets them. */
  readonly defaults?: Partial<Settings>;
}

export { parseHostPortSecret } from './setting-checks.js';

/**
 * Resolves settings: command-line flag, then environment, then config file, then embedded
 * default. Relative paths in the config file are relative to it; elsewhere, to the working folder.
 * A value Foyer cannot use throws SettingError (flag, variable) or LoadError (config file, with
 * its line), naming where it was written.
 */
export function resolveSettings(sources: SettingsSources = {}): Settings {
  const env = sources.env ?? process.env;
  const configFile = sources.configFile ?? env.FOYER_CONFIG;
  const file = configFile ? { path: configFile, ...readConfigFile(configFile) } : undefined;
  const settings: Record<string, SettingValue> = { ...DEFAULTS, ...sources.defaults };
  const fileProblems: Problem[] = [];
  const given = new Set<keyof Settings>();
  for (const spec of SETTINGS) {
    const flag = sources.flags?.[spec.key];
    const fromEnv = nonEmpty(env[spec.env]);
    const fromFile = file?.values[spec.field];
    if (flag !== undefined || fromEnv !== undefined || fromFile !== undefined) given.add(spec.key);
    if (flag !== undefined) settings[spec.key] = checked(spec, fromText(spec, flag, 'flag'), 'flag');
    else if (fromEnv !== undefined) settings[spec.key] = checked(spec, fromText(spec, fromEnv, 'env'), 'env');
    else if (file && fromFile !== undefined) {
      const problem = SETTING_CHECKS[spec.key]?.(fromFile);
      if (problem) fileProblems.push(file.source.problem(spec.field.split('.'), `${spec.field}: ${problem}`));
      settings[spec.key] =
        typeof fromFile === 'string' && spec.kind === 'path' ? resolve(dirname(file.path), fromFile) : fromFile;
    }
  }
  if (fileProblems.length > 0) throw new LoadError(fileProblems);
  // Whoever configured drachtio-server or FreeSWITCH means to use them.
  if (settings.telephony === 'auto' && (given.has('drachtio') || given.has('freeswitch')))
    settings.telephony = 'freeswitch';
  return settings as unknown as Settings;
}

type SettingValue = string | number | boolean | readonly string[];
type Origin = 'flag' | 'env';

/** How the user wrote a value: `--http-port 70000` or `FOYER_HTTP_PORT=70000`, a secret masked. */
function written(spec: SettingSpec, text: string, origin: Origin): string {
  const shown = MASKED_SETTINGS.has(spec.key) ? maskValue(spec.key, text) : text;
  if (origin === 'env') return `${spec.env}=${shown}`;
  return spec.kind === 'boolean' ? `--${spec.flag}` : `--${spec.flag} ${shown}`;
}

function maskValue(key: string, text: string): string {
  return key === 'redisUrl' || key === 'policyUrl' ? text.replace(/\/\/[^@/]*@/, '//…@') : maskSecret(text);
}

function checked(spec: SettingSpec, value: SettingValue, origin: Origin): SettingValue {
  const problem = SETTING_CHECKS[spec.key]?.(value);
  if (problem)
    throw new SettingError(`${written(spec, String(value), origin)}: ${problem}${alsoFrom(spec, origin)}`, origin);
  return value;
}

/** The other places the same setting can be given, so a user who reads the message knows them all. */
function alsoFrom(spec: SettingSpec, origin: Origin): string {
  const others = [
    ...(origin !== 'flag' && spec.flag ? [`--${spec.flag}`] : []),
    ...(origin !== 'env' ? [spec.env] : []),
    `config file key ${spec.field}`,
  ];
  return ` (also settable with ${others.join(', ')})`;
}

/** A value from the command line or the environment, read as its setting's kind. */
function fromText(spec: SettingSpec, text: string, origin: Origin): SettingValue {
  switch (spec.kind) {
    case 'path':
      return isAbsolute(text) ? text : resolve(text);
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || value < 0)
        throw new SettingError(
          `${written(spec, text, origin)}: must be a number of at least 0${alsoFrom(spec, origin)}`,
          origin,
        );
      return value;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off)$/i.test(text)) return false;
      throw new SettingError(`${written(spec, text, origin)}: must be true or false${alsoFrom(spec, origin)}`, origin);
    case 'text':
      return text;
    case 'list':
      return splitList(text);
    case 'duration': {
      const ms = durationMs(text);
      if (ms === undefined)
        throw new SettingError(
          `${written(spec, text, origin)}: must be a duration such as 5s, 500ms or 1m (a number is seconds)${alsoFrom(spec, origin)}`,
          origin,
        );
      return ms;
    }
  }
}

/** `10s`, `500ms`, `1m` in milliseconds; a bare number is seconds, as elsewhere in the settings. */
function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return parseDuration(text);
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function readConfigFile(file: string): { source: YamlSource; values: Record<string, SettingValue | undefined> } {
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
