import type { Service } from './service.js';

/**
 * Finds the service behind a dialled alias. Asynchronous because a policy server or a shared
 * store may stand behind it.
 */
export interface Directory {
  /**
   * The service whose alias matches `dialled` (a URI or a bare alias), or undefined. `signal`
   * aborts when the answer is no longer wanted (the call ended); the caller also times it out.
   */
  lookup(dialled: string, signal?: AbortSignal): Promise<Service | undefined>;
  /** Every service, in file order. */
  services(): readonly Service[];
}
