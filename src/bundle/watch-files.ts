import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../observability/index.js';

/** What to watch: one file (its folder is watched, so an editor's save-by-rename is seen), or a whole folder. */
export type Watched = { readonly file: string } | { readonly folder: string };

/** Starts watching; calls `onChange` with the path that changed. Returns what stops it. */
export type WatchFiles = (watched: readonly Watched[], onChange: (path: string) => void) => () => void;

/**
 * Watches with fs.watch. A folder is watched with its subfolders (prompt themes and languages);
 * a folder that cannot be watched is logged once and left out: reloading by SIGHUP or
 * `foyer reload` still works.
 */
export function fsWatchFiles(logger: Logger): WatchFiles {
  return (watched, onChange) => {
    const watchers: FSWatcher[] = [];
    for (const target of watched) {
      const folder = 'file' in target ? dirname(target.file) : target.folder;
      const only = 'file' in target ? basename(target.file) : undefined;
      try {
        const watcher = watch(folder, { recursive: only === undefined, persistent: false }, (_event, name) => {
          const changed = name ?? undefined;
          if (only !== undefined && changed !== only) return;
          onChange(changed === undefined ? folder : `${folder}/${changed}`);
        });
        watcher.on('error', (error) =>
          logger.warn({ err: error, folder }, `stopped watching ${folder}; reload with SIGHUP or foyer reload`),
        );
        watchers.push(watcher);
      } catch (error) {
        logger.warn({ err: error, folder }, `cannot watch ${folder}; reload with SIGHUP or foyer reload`);
      }
    }
    return () => watchers.forEach((watcher) => watcher.close());
  };
}
