import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { BundleSource, type WatchFiles } from '../../src/bundle/index.js';
import { bundleFor } from '../../src/cli/load.js';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import { FIXTURES } from './bundle.js';

/**
 * A copy of a deployment's files (the test services, the shipped flows, the base English
 * prompts without audio) that a test edits, and the BundleSource `foyer start` would run on it.
 * Watching is a fake: `changed(path)` is a file change the operating system reported.
 */
export class ReloadWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'foyer-reload-'));
  readonly settings: Settings;
  readonly clock = new SimulatedClock();
  readonly logLines: Record<string, unknown>[] = [];
  readonly source: BundleSource;
  private onChange: ((path: string) => void) | undefined;

  constructor() {
    const servicesFile = join(this.dir, 'services.yaml');
    copyFileSync(join(FIXTURES, 'services.yaml'), servicesFile);
    cpSync(DEFAULTS.flowsDir, join(this.dir, 'flows'), { recursive: true });
    mkdirSync(join(this.dir, 'prompts', 'base', 'en-US'), { recursive: true });
    copyFileSync(
      join(DEFAULTS.promptsDir, 'base', 'en-US', 'prompts.yaml'),
      join(this.dir, 'prompts', 'base', 'en-US', 'prompts.yaml'),
    );
    this.settings = {
      ...DEFAULTS,
      servicesFile,
      flowsDir: join(this.dir, 'flows'),
      promptsDir: join(this.dir, 'prompts'),
    };
    const lines = this.logLines;
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const watchFiles: WatchFiles = (_watched, onChange) => {
      this.onChange = onChange;
      return () => (this.onChange = undefined);
    };
    this.source = new BundleSource({
      load: () => bundleFor(this.settings),
      logger: createLogger({ level: 'info', destination }),
      clock: this.clock,
      watched: [{ file: servicesFile }, { folder: this.settings.flowsDir }, { folder: this.settings.promptsDir }],
      watchFiles,
    });
  }

  /** A file of the workspace (`services.yaml`, `flows/pin-entry.yaml`, `prompts/base/en-US/prompts.yaml`). */
  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  /** Writes a whole file (as an editor saves it). */
  write(name: string, text: string): void {
    writeFileSync(this.path(name), text);
  }

  /** Edits a file as an operator would: replaces `from` with `to` (`$1` and such as in String.replace; `from` must be there). */
  edit(name: string, from: string | RegExp, to: string): void {
    const text = this.read(name);
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`${name} has no ${String(from)}`);
    writeFileSync(this.path(name), edited);
  }

  /** The line (1-based) of the first line of `name` that contains `text`. */
  lineOf(name: string, text: string): number {
    return (
      this.read(name)
        .split('\n')
        .findIndex((line) => line.includes(text)) + 1
    );
  }

  /** The watcher reports a change (as fs.watch would). */
  changed(name: string): void {
    this.onChange?.(this.path(name));
  }

  /** Log lines (messages) at error level. */
  errors(): string[] {
    return this.logLines.filter((line) => (line.level as number) >= 50).map((line) => String(line.msg));
  }
}
