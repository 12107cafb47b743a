import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { WatchFiles } from '../bundle/index.js';
import type { ChangeEvent } from './api-types.js';

/** Editors write a file in several steps (truncate, write, rename): one change per burst. */
const SETTLE_MS = 150;

/**
 * Tells the open pages when a served file changes on disk (a git pull, another editor, the studio
 * itself): which flow, or that the prompts or the services changed.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly stopWatching: () => void;
  private readonly flowsWatcher: FSWatcher | undefined;

  constructor(
    watch: WatchFiles,
    private readonly folders: { readonly flowsDir: string; readonly promptsDir: string; readonly servicesFile: string },
  ) {
    this.stopWatching = watch([{ folder: folders.promptsDir }, { file: folders.servicesFile }], (path) =>
      this.changed(path),
    );
    // The flows folder is flat and watched as a folder only: on Linux a recursive watch loses a file
    // once an editor (or the studio) has saved it by renaming a new file over it.
    try {
      this.flowsWatcher = watchFolder(folders.flowsDir, { persistent: false }, (_event, name) => {
        if (name !== null) this.changed(join(folders.flowsDir, name));
      });
      this.flowsWatcher.on('error', () => this.flowsWatcher?.close());
    } catch {
      // No flows folder to watch: the page still works, it reloads nothing by itself.
      this.flowsWatcher = undefined;
    }
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopWatching();
    this.flowsWatcher?.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
  }

  private changed(path: string): void {
    const event = this.eventFor(resolve(path));
    if (!event) return;
    const key = `${event.kind}:${event.name ?? ''}`;
    clearTimeout(this.pending.get(key));
    const timer = setTimeout(() => {
      this.pending.delete(key);
      for (const listener of this.listeners) listener(event);
    }, SETTLE_MS);
    timer.unref();
    this.pending.set(key, timer);
  }

  private eventFor(path: string): ChangeEvent | undefined {
    if (path === resolve(this.folders.servicesFile)) return { kind: 'services' };
    const flows = resolve(this.folders.flowsDir);
    if (path.startsWith(flows + sep) && /\.ya?ml$/.test(path) && !basename(path).startsWith('.'))
      return { kind: 'flow', name: basename(path, extname(path)) };
    if (path === resolve(this.folders.promptsDir) || path.startsWith(resolve(this.folders.promptsDir) + sep))
      return { kind: 'prompts' };
    return undefined;
  }
}
