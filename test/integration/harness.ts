import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import type { Bundle } from '../../src/bundle/index.js';
import type { PolicyConnection } from '../../src/directory/index.js';
import { startFoyer, type RunningFoyer } from '../../src/main.js';
import { DEFAULT_MEETING_SETTINGS, type MeetingSettings } from '../../src/meetings/index.js';
import { MemoryUsageLog, createLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { FreeswitchCli } from './freeswitch-cli.js';
import { eventually } from './eventually.js';

/** The real servers the integration tests use, from FOYER_IT_*; undefined when not all are set. */
export const servers = (() => {
  const { FOYER_IT_DRACHTIO: drachtio, FOYER_IT_FREESWITCH: freeswitch, FOYER_IT_SIP: sip } = process.env;
  return drachtio && freeswitch && sip ? { drachtio, freeswitch, sip } : undefined;
})();

/** Says loudly, once per file, that the suite did not run and why. */
export function announceSkip(suite: string): void {
  if (!servers)
    console.warn(
      `${suite} SKIPPED: set FOYER_IT_DRACHTIO (host:port:secret), FOYER_IT_FREESWITCH (host:port:secret) and FOYER_IT_SIP (host:port) to run them against real drachtio-server and FreeSWITCH`,
    );
}

export { eventually, pause as sleep } from './eventually.js';

export interface TestFoyer {
  readonly foyer: RunningFoyer;
  readonly fs: FreeswitchCli;
  readonly usage: MemoryUsageLog;
  stop(): Promise<void>;
}

/** Foyer in this process, on the real servers, with the test services (and `overrides`); resolves once both servers are connected. */
export async function startTestFoyer(
  meetingSettings: MeetingSettings = DEFAULT_MEETING_SETTINGS,
  overrides: Partial<Settings> = {},
  /** Another bundle (the test services by default), and the policy server it asks. */
  using: { readonly bundle?: Bundle; readonly policy?: PolicyConnection } = {},
): Promise<TestFoyer> {
  const { drachtio, freeswitch } = servers!;
  const [host, port, ...secret] = freeswitch.split(':');
  const fs = await FreeswitchCli.connect(host!, Number(port), secret.join(':'));
  const usage = new MemoryUsageLog();
  const settings: Settings = {
    ...DEFAULTS,
    servicesFile: join(FIXTURES, 'services.yaml'),
    drachtio,
    freeswitch,
    httpPort: 0,
    ...overrides,
  };
  const bundle = using.bundle ?? testBundle();
  const foyer = await startFoyer({
    ...(using.policy && { policy: using.policy }),
    settings,
    bundle: () => bundle,
    meetingSettings,
    logger: createLogger({ level: process.env.FOYER_IT_LOG_LEVEL ?? 'warn' }),
    usage,
  });
  const health = `http://127.0.0.1:${(foyer.http.address() as AddressInfo).port}/health`;
  await eventually(
    'Foyer to connect to both servers',
    async () => ((await (await fetch(health)).json()) as { ok: boolean }).ok,
  );
  return {
    foyer,
    fs,
    usage,
    stop: async () => {
      await foyer.stop();
      fs.close();
    },
  };
}
