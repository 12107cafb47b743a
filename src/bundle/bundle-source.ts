import type { Logger } from '../observability/index.js';
import type { Clock, TimerHandle } from '../time/index.js';
import { formatProblem, LoadError, type Problem } from '../yaml/index.js';
import type { Bundle } from './bundle.js';
import type { Watched, WatchFiles } from './watch-files.js';

/** How a reload went: the version now in use, and when it failed, why (each problem with file and line). */
export type ReloadResult =
  | { readonly ok: true; readonly version: number; readonly previous: number }
  | { readonly ok: false; readonly version: number; readonly problems: readonly Problem[] };

export interface BundleSourceOptions {
  /** Loads and validates services, flows and prompts; throws LoadError when they do not load. */
  readonly load: () => Bundle;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Files and folders whose change reloads (with `watch()`). */
  readonly watched: readonly Watched[];
  readonly watchFiles: WatchFiles;
  /** Changes within this long make one reload (an editor writes a file in several steps). */
  readonly debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 500;

/**
 * The bundle new calls start with, and how it is replaced: `reload()` loads and validates the
 * files again; a bundle that loads replaces the current one for new calls (calls in progress keep
 * theirs to the end), one that does not is logged, problem by problem with file and line, and the
 * current one stays.
 */
export class BundleSource {
  private bundle: Bundle;
  private loadedAt: Date;
  private last: (ReloadResult & { readonly at: Date; readonly reason: string }) | undefined;
  private timer: TimerHandle | undefined;

  constructor(private readonly options: BundleSourceOptions) {
    this.bundle = options.load();
    this.loadedAt = new Date();
  }

  /** What new calls start with. */
  get current(): Bundle {
    return this.bundle;
  }

  /** Loads the files again; keeps the current bundle when they do not load. */
  reload(reason: string): ReloadResult {
    const { logger } = this.options;
    const previous = this.bundle.version;
    let result: ReloadResult;
    try {
      this.bundle = this.options.load();
      this.loadedAt = new Date();
      result = { ok: true, version: this.bundle.version, previous };
      logger.info(
        { event: 'bundle_reloaded', version: this.bundle.version, previous, reason },
        `configuration reloaded (${reason}): version ${this.bundle.version} for new calls; calls in progress keep version ${previous} and older`,
      );
    } catch (error) {
      const problems: Problem[] =
        error instanceof LoadError
          ? [...error.problems]
          : [
              {
                file: '(configuration)',
                line: 0,
                message: error instanceof Error ? error.message : String(error),
                severity: 'error',
              },
            ];
      result = { ok: false, version: previous, problems };
      for (const problem of problems)
        logger.error(
          { event: 'bundle_reload_failed', file: problem.file, line: problem.line, reason },
          formatProblem(problem),
        );
      logger.error(
        { event: 'bundle_reload_refused', version: previous, problems: problems.length, reason },
        `configuration not reloaded (${reason}): ${problems.length} problem(s); version ${previous} stays in use`,
      );
    }
    this.last = { ...result, at: new Date(), reason };
    return result;
  }

  /** Reloads when a watched file changes (once per burst of changes). Returns what stops watching. */
  watch(): () => void {
    const { clock } = this.options;
    const stopWatching = this.options.watchFiles(this.options.watched, (path) => {
      if (this.timer !== undefined) clock.clearTimeout(this.timer);
      this.timer = clock.setTimeout(() => {
        this.timer = undefined;
        this.reload(`${path} changed`);
      }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    });
    return () => {
      stopWatching();
      if (this.timer !== undefined) clock.clearTimeout(this.timer);
      this.timer = undefined;
    };
  }

  /** For /health: the version in use, since when, and how the last reload went. */
  status(): Record<string, unknown> {
    return {
      version: this.bundle.version,
      loaded_at: this.loadedAt.toISOString(),
      ...(this.last && {
        last_reload: {
          ok: this.last.ok,
          at: this.last.at.toISOString(),
          reason: this.last.reason,
          ...(!this.last.ok && { problems: this.last.problems.map(formatProblem) }),
        },
      }),
    };
  }
}
