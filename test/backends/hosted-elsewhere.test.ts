import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedBackend, freeswitchBackend, type BackendContext } from '../../src/backends/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';

/** What a back-end reads of its context before it starts anything: the settings and the services. */
function contextWith(servicesFile: string): BackendContext {
  const bundle = testBundle(servicesFile);
  // Only options are read before the refusal; the rest would start servers.
  return {
    options: { settings: { ...DEFAULTS, sip: '127.0.0.1:0' }, logger: silentLogger, bundle: () => bundle },
  } as unknown as BackendContext;
}

const REFUSED =
  /telephony back-end cannot transfer calls to rooms hosted elsewhere yet: rooms "Weekly sync", "Partner room", "Refer only" name a target; remove target: from the services file, or try it with foyer simulate/;

describe('back-ends without transfers refuse rooms hosted elsewhere at startup', () => {
  it('FreeSWITCH names every room with a target', () => {
    expect(() => freeswitchBackend(contextWith(join(FIXTURES, 'hosted-elsewhere.yaml')))).toThrow(
      /^the FreeSWITCH telephony back-end/,
    );
    expect(() => freeswitchBackend(contextWith(join(FIXTURES, 'hosted-elsewhere.yaml')))).toThrow(REFUSED);
  });

  it('embedded too', async () => {
    await expect(embeddedBackend(contextWith(join(FIXTURES, 'hosted-elsewhere.yaml')))).rejects.toThrow(
      /^the embedded telephony back-end/,
    );
    await expect(embeddedBackend(contextWith(join(FIXTURES, 'hosted-elsewhere.yaml')))).rejects.toThrow(REFUSED);
  });
});
