import { XMLParser } from 'fast-xml-parser';

/** Something about a FreeSWITCH server that Foyer needs and did not find. */
export interface ServerProblem {
  /** `fatal`: calls would break (Foyer refuses them unless told otherwise); `warning`: they work, but not as they should. */
  readonly severity: 'fatal' | 'warning';
  /** The FreeSWITCH setting at fault, as an operator finds it. */
  readonly setting: string;
  /** Where the fix is: a file of FreeSWITCH's configuration, and Foyer's example of it in deploy/. */
  readonly fix: string;
  readonly message: string;
}

/** Sends one API command to FreeSWITCH's event socket; resolves with its reply text. */
export type FreeswitchApi = (command: string) => Promise<string>;

interface RequiredModule {
  readonly name: string;
  readonly severity: ServerProblem['severity'];
  readonly why: string;
}

const MODULES: readonly RequiredModule[] = [
  { name: 'mod_dptools', severity: 'fatal', why: 'plays prompts (playback) and detects inband DTMF (start_dtmf)' },
  { name: 'mod_sndfile', severity: 'fatal', why: "reads the prompts' WAV files" },
  { name: 'mod_conference', severity: 'fatal', why: 'holds the meetings' },
  { name: 'mod_commands', severity: 'warning', why: 'stops a prompt when the caller presses a key (uuid_break)' },
];

const MODULES_FIX = 'FreeSWITCH autoload_configs/modules.conf.xml (<load module="..."/>)';
const LOG_LEVEL_FIX = 'FreeSWITCH autoload_configs/switch.conf.xml (<param name="loglevel" value="notice"/>)';
const PROFILE_FIX =
  "FreeSWITCH autoload_configs/conference.conf.xml; Foyer's profile is deploy/freeswitch/foyer-conference.xml";

/** FreeSWITCH's log levels by name; INFO and DEBUG lines carry the DTMF digits a caller presses. */
const NOTICE = 5;

/**
 * What Foyer needs of a FreeSWITCH that it did not configure, asked through its event socket:
 * the modules calls depend on, a log level that keeps callers' keys (PINs) out of its logs, and a
 * conference profile that plays nothing of its own to callers. Keypad controls, enter and exit
 * sounds and music on hold need nothing: Foyer sets them on every member (conference-member.ts).
 */
export async function checkFreeswitch(api: FreeswitchApi, conferenceProfile: string): Promise<ServerProblem[]> {
  const problems: ServerProblem[] = [];
  for (const module of MODULES) {
    if (!moduleLoaded(await api(`module_exists ${module.name}`))) {
      problems.push({
        severity: module.severity,
        setting: module.name,
        fix: MODULES_FIX,
        message: `${module.name} is not loaded: it ${module.why}`,
      });
    }
  }
  // Read from the configuration: `fsctl loglevel` without a level would switch logging off, not tell it.
  const level = configuredLogLevel(await api('xml_locate configuration configuration name switch.conf'));
  if (level && (LEVELS[level] ?? DEBUG) > NOTICE) {
    problems.push({
      severity: 'warning',
      setting: 'loglevel',
      fix: LOG_LEVEL_FIX,
      message: `FreeSWITCH logs at ${level}: its INFO and DEBUG lines carry the keys callers press (PINs); use notice or lower`,
    });
  }
  const conferenceConf = await api('xml_locate configuration configuration name conference.conf');
  problems.push(...conferenceProfileProblems(conferenceConf, conferenceProfile));
  return problems;
}

/** `module_exists` answers `true` or `false`. */
export function moduleLoaded(reply: string): boolean {
  return reply.trim() === 'true';
}

/** FreeSWITCH's log levels (switch_log_str2level); `debug` is also what it uses when none is set. */
const LEVELS: Readonly<Record<string, number>> = {
  console: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};
const DEBUG = 7;

/**
 * The core log level switch.conf.xml sets (`<param name="loglevel" value="notice"/>`; FreeSWITCH
 * logs at debug without one), or undefined when the answer is not switch.conf's XML.
 */
export function configuredLogLevel(reply: string): string | undefined {
  const settings = parseXml(reply)?.configuration?.settings;
  if (!settings) return undefined;
  const value = (settings.param ?? []).find((param) => param.name === 'loglevel')?.value;
  return (value ?? 'debug').toLowerCase();
}

/** Profile settings a caller would notice, which Foyer cannot set per member. */
const NOTICEABLE: readonly { param: string; when: (value: string) => boolean; message: string }[] = [
  {
    param: 'alone-sound',
    when: (value) => value !== '',
    message: 'plays its own sound to a caller alone in a meeting (Foyer says "you are the first participant")',
  },
  {
    param: 'announce-count',
    when: (value) => Number(value) > 1,
    message: 'announces the number of callers by text-to-speech on every join',
  },
  {
    param: 'perpetual-sound',
    when: (value) => value !== '',
    message: 'plays a sound into the meeting all the time',
  },
  { param: 'auto-record', when: (value) => value !== '', message: 'records every meeting' },
];

/**
 * Problems with the conference profile Foyer joins callers with. A missing profile is none:
 * mod_conference then uses its built-in defaults, which play nothing.
 */
export function conferenceProfileProblems(reply: string, profile: string): ServerProblem[] {
  const profiles = parseXml(reply)?.configuration?.profiles?.profile ?? [];
  const found = profiles.find((candidate) => candidate.name === profile);
  if (!found) return [];
  const params = new Map((found.param ?? []).map((param) => [param.name, param.value ?? '']));
  return NOTICEABLE.filter(({ param, when }) => {
    const value = params.get(param);
    return value !== undefined && when(value);
  }).map(({ param, message }) => ({
    severity: 'warning',
    setting: `conference profile "${profile}": ${param}`,
    fix: PROFILE_FIX,
    message: `conference profile "${profile}" ${message}; set ${param} to "" (or 0)`,
  }));
}

/** A configuration section as `xml_locate` answers it; undefined for anything else ("can't find anything"). */
function parseXml(reply: string): ConfigurationXml | undefined {
  if (!reply.trim().startsWith('<')) return undefined;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'profile' || name === 'param',
  });
  try {
    return parser.parse(reply) as ConfigurationXml;
  } catch {
    return undefined; // Not FreeSWITCH's XML: nothing Foyer can read.
  }
}

interface Param {
  readonly name?: string;
  readonly value?: string;
}

interface ConfigurationXml {
  readonly configuration?: {
    readonly settings?: { readonly param?: readonly Param[] };
    readonly profiles?: {
      readonly profile?: readonly {
        readonly name?: string;
        readonly param?: readonly { name?: string; value?: string }[];
      }[];
    };
  };
}
