import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FREESWITCH_TRANSFERS, refuseTargets } from '../../src/backends/hosted-elsewhere.js';
import { embeddedBackend, freeswitchBackend, type BackendContext } from '../../src/backends/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';

const HOSTED = join(FIXTURES, 'hosted-elsewhere.yaml');

/** What a back-end reads of its context before it starts anything: the settings and the services. */
function contextWith(servicesFile: string): BackendContext {
  const bundle = testBundle(servicesFile);
  // Only options are read before the refusal; the rest would start servers.
  return {
    options: { settings: { ...DEFAULTS, sip: '127.0.0.1:0' }, logger: silentLogger, bundle: () => bundle },
  } as unknown as BackendContext;
}

describe('back-ends refuse at startup the rooms hosted elsewhere they cannot transfer to', () => {
  it('FreeSWITCH does REFER without fallback: it names the rooms that need a bridge', () => {
    expect(() => freeswitchBackend(contextWith(HOSTED))).toThrow(
      'the FreeSWITCH telephony back-end cannot transfer calls to these rooms hosted elsewhere yet (it does only method: refer without fallback): rooms "Weekly sync", "Partner room" name a target; remove target: from the services file, or try it with foyer simulate',
    );
    const referOnly = testBundle(HOSTED)
      .directory.services()
      .filter((service) => service.name !== 'Weekly sync' && service.name !== 'Partner room');
    expect(() => refuseTargets(referOnly, 'FreeSWITCH', FREESWITCH_TRANSFERS)).not.toThrow();
  });

  it('embedded does none yet: it names every room with a target', async () => {
    await expect(embeddedBackend(contextWith(HOSTED))).rejects.toThrow(
      'the embedded telephony back-end cannot transfer calls to these rooms hosted elsewhere yet: rooms "Weekly sync", "Partner room", "Refer only" name a target; remove target: from the services file, or try it with foyer simulate',
    );
  });

  it('a services file without targets starts as before', () => {
    expect(() => refuseTargets(testBundle().directory.services(), 'embedded')).not.toThrow();
  });
});
