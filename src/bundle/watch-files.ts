import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../observability/index.js';

/** What to watch: one file (its folder is watched, so an editor's save-by-rename is seen), or a whole folder. */
export type Watched = { readonly file: string } | { readonly folder: string };

/** Starts watching; calls `onChange` with the path that changed. Returns what stops it. */
export type WatchFiles = (watched: readonly Watched[], onChange: (path: string) => void) => () => void;

/**
 * Watches with fs.watch. A folder is watched with its subfolders (prompt themes and languages),
 * each with a watcher of its own: Node 20's recursive watch on Linux loses a file for good once an
 * editor saves it by renaming a new file over it. A subfolder created later is watched from then
 * on. A folder that cannot be watched is logged once and left out: reloading by SIGHUP or
 * `foyer reload` still works.
 */
export function fsWatchFiles(logger: Logger): WatchFiles {
  return (watched, onChange) => {
    const watchers = new Map<string, FSWatcher>();
    const watchFolder = (folder: string, only: string | undefined, subfolders: boolean) => {
      if (watchers.has(folder)) return;
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          const changed = name ?? undefined;
          if (only !== undefined && changed !== only) return;
          const path = changed === undefined ? folder : join(folder, changed);
          if (subfolders && changed !== undefined && isFolder(path)) watchTree(path);
          onChange(path);
        });
        watcher.on('error', (error) =>
          logger.warn({ err: error, folder }, `stopped watching ${folder}; reload with SIGHUP or foyer reload`),
        );
        watchers.set(folder, watcher);
      } catch (error) {
        logger.warn({ err: error, folder }, `cannot watch ${folder}; reload with SIGHUP or foyer reload`);
      }
    };
    const watchTree = (folder: string) => {
      watchFolder(folder, undefined, true);
      for (const sub of subfoldersOf(folder)) watchTree(sub);
    };
    for (const target of watched) {
      if ('file' in target) watchFolder(dirname(target.file), basename(target.file), false);
      else watchTree(target.folder);
    }
    return () => watchers.forEach((watcher) => watcher.close());
  };
}

function subfoldersOf(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name));
  } catch {
    return []; // Reported by the folder's own watcher.
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
