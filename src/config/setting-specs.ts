import type { Settings } from './setting-values.js';

/** One setting: where it can come from, and what it is. */
export interface SettingSpec {
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
