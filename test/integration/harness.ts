import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Bundle } from '../../src/bundle/index.js';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import { Call } from '../../src/dialer/index.js';
import type { PolicyConnection } from '../../src/directory/index.js';
import { startFoyer, type RunningFoyer } from '../../src/main.js';
import { DEFAULT_MEETING_SETTINGS, type MeetingSettings } from '../../src/meetings/index.js';
import { MemoryUsageLog, Resources, createLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { FreeswitchCli } from './freeswitch-cli.js';
import { eventually } from './eventually.js';

/** The real servers the FreeSWITCH back-end's tests use, from FOYER_IT_*; undefined when not all are set. */
export const servers = (() => {
  const { FOYER_IT_DRACHTIO: drachtio, FOYER_IT_FREESWITCH: freeswitch, FOYER_IT_SIP: sip } = process.env;
  return drachtio && freeswitch && sip ? { drachtio, freeswitch, sip } : undefined;
})();

/**
 * A second FreeSWITCH left with its stock conference.conf.xml (no `foyer` profile), from
 * FOYER_IT_FREESWITCH_STOCK: the suite runs against it too, to prove Foyer needs no profile of its own.
 */
const stockFreeswitch = process.env.FOYER_IT_FREESWITCH_STOCK;

/** `freeswitch-stock`: drachtio-server with the FreeSWITCH that has its stock configuration. */
export type BackendName = 'embedded' | 'freeswitch' | 'freeswitch-stock';

/**
 * The back-ends the suite runs against: the embedded endpoint always, FreeSWITCH when its servers
 * are given, and the stock-configured FreeSWITCH when that is given too.
 */
export const backends: BackendName[] = [
  'embedded',
  ...(servers ? (['freeswitch'] as const) : []),
  ...(servers && stockFreeswitch ? (['freeswitch-stock'] as const) : []),
];

/** Says loudly, once per file, that the FreeSWITCH half of the suite did not run and why. */
export function announceSkip(suite: string): void {
  if (servers && !stockFreeswitch)
    console.warn(
      `${suite} (stock FreeSWITCH) SKIPPED: set FOYER_IT_FREESWITCH_STOCK (host:port:secret) to a second FreeSWITCH with its stock conference.conf.xml to run them there too`,
    );
  if (!servers)
    console.warn(
      `${suite} (FreeSWITCH back-end) SKIPPED: set FOYER_IT_DRACHTIO (host:port:secret), FOYER_IT_FREESWITCH (host:port:secret) and FOYER_IT_SIP (host:port) to run them against real drachtio-server and FreeSWITCH too; the embedded back-end runs them always`,
    );
}

export { eventually, pause as sleep } from './eventually.js';

/** A test caller: on FreeSWITCH a channel it originates, on the embedded endpoint a `foyer dial` call. */
export interface TestCaller {
  readonly id: string;
  sendDtmf(keys: string): Promise<void>;
  sendTones(keys: string): Promise<void>;
  hangup(): Promise<void>;
}

/** A member of a conference, with FreeSWITCH's flag words: `moderator`, `speak` (not muted). */
export interface ConferenceMember {
  readonly conference: string;
  readonly flags: string[];
}

export interface TestFoyer {
  readonly backend: BackendName;
  readonly foyer: RunningFoyer;
  readonly usage: MemoryUsageLog;
  readonly resources: Resources;
  /** Where SIP callers (SIPp, the dialer) reach this Foyer. */
  readonly sip: string;
  /** Places a call to `alias`; resolves once it is answered. */
  call(alias: string, options?: { telephoneEvent?: boolean }): Promise<TestCaller>;
  conferenceMembers(prefix: string): Promise<ConferenceMember[]>;
  /** Calls the media side still holds: FreeSWITCH channels (two legs a call), embedded calls (one). */
  channelCount(): Promise<number>;
  /** How many of `channelCount` one call makes. */
  readonly legsPerCall: number;
  /** FreeSWITCH's inspector, on that back-end only. */
  readonly fs?: FreeswitchCli;
  stop(): Promise<void>;
}

export interface TestFoyerOptions {
  readonly meetingSettings?: MeetingSettings;
  readonly overrides?: Partial<Settings>;
  /** Where Foyer's log lines go (JSON, one a line); warnings to stderr by default. */
  readonly logTo?: Writable;
  /** Changes to the test bundle (a slow directory, for calls that must ring a while). */
  readonly bundle?: (bundle: Bundle) => Bundle;
  /** The policy server the bundle asks: shown in /health, closed when Foyer stops. */
  readonly policy?: PolicyConnection;
}

/** Foyer in this process, on `backend`, with the test services; resolves once it can take calls. */
export async function startTestFoyer(backend: BackendName, options: TestFoyerOptions = {}): Promise<TestFoyer> {
  const usage = new MemoryUsageLog();
  const resources = new Resources();
  const settings: Settings = {
    ...DEFAULTS,
    servicesFile: join(FIXTURES, 'services.yaml'),
    httpPort: 0,
    telephony: backend === 'embedded' ? 'embedded' : 'freeswitch',
    sip: '127.0.0.1:0',
    ...(backend !== 'embedded' && { drachtio: servers!.drachtio, freeswitch: freeswitchOf(backend) }),
    ...options.overrides,
  };
  const bundle = (options.bundle ?? ((same: Bundle) => same))(testBundle(settings.servicesFile));
  const level = process.env.FOYER_IT_LOG_LEVEL ?? (options.logTo ? 'info' : 'warn');
  const foyer = await startFoyer({
    ...(options.policy && { policy: options.policy }),
    settings,
    bundle: () => bundle,
    meetingSettings: options.meetingSettings ?? DEFAULT_MEETING_SETTINGS,
    logger: createLogger({ level, ...(options.logTo && { destination: options.logTo }) }),
    usage,
    resources,
  });
  const health = `http://127.0.0.1:${(foyer.http.address() as AddressInfo).port}/health`;
  await eventually('Foyer to take calls', async () => ((await (await fetch(health)).json()) as { ok: boolean }).ok);
  return backend === 'embedded' ? embedded(foyer, usage, resources) : freeswitch(backend, foyer, usage, resources);
}

/** host:port:secret of the FreeSWITCH behind `backend`. */
function freeswitchOf(backend: 'freeswitch' | 'freeswitch-stock'): string {
  return backend === 'freeswitch-stock' ? stockFreeswitch! : servers!.freeswitch;
}

function embedded(foyer: RunningFoyer, usage: MemoryUsageLog, resources: Resources): TestFoyer {
  const telephony = foyer.embedded!;
  const { host, port } = telephony.address;
  const calls = new Set<Call>();
  return {
    backend: 'embedded',
    foyer,
    usage,
    resources,
    sip: `${host}:${port}`,
    call: async (alias, options = {}) => {
      const call = await Call.place({ alias, to: { host, port }, ...options });
      if (call.status !== 200) throw new Error(`the call to ${alias} was not answered: ${call.status} ${call.reason}`);
      calls.add(call);
      void call.whenEnded.then(() => calls.delete(call));
      return {
        id: call.callId,
        sendDtmf: (keys) => call.keys(keys, 'rfc4733'),
        sendTones: (keys) => call.keys(keys, 'inband'),
        hangup: () => call.hangup().then(() => undefined),
      };
    },
    conferenceMembers: (prefix) =>
      Promise.resolve(
        telephony.bridge.members(prefix).map(({ conference, member }) => ({
          conference,
          flags: [...(member.moderator ? ['moderator'] : []), ...(member.muted ? [] : ['speak'])],
        })),
      ),
    channelCount: () => Promise.resolve(Math.max(telephony.sip.activeDialogs, resources.totals().channels)),
    legsPerCall: 1,
    stop: async () => {
      for (const call of [...calls]) await call.hangup();
      await foyer.stop();
    },
  };
}

async function freeswitch(
  backend: 'freeswitch' | 'freeswitch-stock',
  foyer: RunningFoyer,
  usage: MemoryUsageLog,
  resources: Resources,
): Promise<TestFoyer> {
  const [host, port, ...secret] = freeswitchOf(backend).split(':');
  const fs = await FreeswitchCli.connect(host!, Number(port), secret.join(':'));
  const sip = servers!.sip;
  return {
    backend,
    foyer,
    usage,
    resources,
    sip,
    fs,
    call: async (alias, options = {}) => {
      const id = await fs.originate(
        `sip:${alias}@${sip}`,
        options.telephoneEvent === false ? { dtmf_type: 'none' } : {},
      );
      return {
        id,
        sendDtmf: (keys) => fs.sendDtmf(id, keys).then(() => undefined),
        sendTones: (keys) => fs.sendTones(id, keys).then(() => undefined),
        hangup: () => fs.hangup(id).then(() => undefined),
      };
    },
    conferenceMembers: (prefix) => fs.conferenceMembers(prefix),
    channelCount: () => fs.channelCount(),
    legsPerCall: 2,
    stop: async () => {
      await foyer.stop();
      fs.close();
    },
  };
}
