import type { CallerContext } from './caller-context.js';
import type { Service } from './service.js';

/**
 * Finds the service behind a dialled alias. Asynchronous because a policy server or a shared
 * store may stand behind it.
 */
export interface Directory {
  /**
   * The service whose alias matches `dialled` (a URI or a bare alias), or undefined. `signal`
   * aborts when the answer is no longer wanted (the call ended); the caller also times it out.
   * `caller` says who is calling, for directories that decide per call (a policy server). Throws
   * when no answer can be had (the call is then refused as `lookup_failed`).
   */
  lookup(dialled: string, signal?: AbortSignal, caller?: CallerContext): Promise<Service | undefined>;
  /** Every service known: a file's in file order (a policy server's, as it names them, after). */
  services(): readonly Service[];
}
