import type { Service } from './service.js';

/**
 * Finds the service behind a dialled alias. Asynchronous because a policy server or a shared
 * store may stand behind it.
 */
export interface Directory {
  /** The service whose alias matches `dialled` (a URI or a bare alias), or undefined. */
  lookup(dialled: string): Promise<Service | undefined>;
  /** Every service, in file order. */
  services(): readonly Service[];
}
