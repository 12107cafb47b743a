import { join } from 'node:path';
import { loadBundle, type Bundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The shipped flows and prompts with the test services (or another services file). */
export function testBundle(servicesFile = join(FIXTURES, 'services.yaml')): Bundle {
  return loadBundle({ ...DEFAULTS, servicesFile });
}
