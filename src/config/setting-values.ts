import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: embedded defaults live here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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
