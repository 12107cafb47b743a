import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

/** A flow's name as the browser sends it: a file name without its extension, never a path. */
const FLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * The flow files of one folder, by name. Every path is made here from a name the folder already
 * has, so nothing the browser sends can point outside it: no `..`, no slashes, no symbolic links.
 */
export class FlowFiles {
  readonly folder: string;

  constructor(folder: string) {
    this.folder = resolve(folder);
  }

  /** Flow names, sorted, as `foyer check` and the loader see them (`*.yaml`, `*.yml`). */
  names(): string[] {
    if (!existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .map((file) => basename(file, extname(file)));
  }

  /** The file of an existing flow, or undefined when `name` is not one of this folder's flows. */
  fileOf(name: string): string | undefined {
    if (!FLOW_NAME.test(name) || name.includes('..')) return undefined;
    for (const ext of ['.yaml', '.yml']) {
      const file = join(this.folder, `${name}${ext}`);
      if (!existsSync(file)) continue;
      // Resolved, the file must still be a plain file directly in the folder.
      if (!lstatSync(file).isFile()) return undefined;
      if (dirname(realpathSync(file)) !== realpathSync(this.folder)) return undefined;
      return file;
    }
    return undefined;
  }

  read(name: string): string | undefined {
    const file = this.fileOf(name);
    return file === undefined ? undefined : readFileSync(file, 'utf8');
  }

  /** Replaces an existing flow's text; written beside it first, then renamed, so no reader sees half a file. */
  write(name: string, text: string): void {
    const file = this.fileOf(name);
    if (file === undefined) throw new Error(`no flow named ${name} in ${this.folder}`);
    const temporary = join(this.folder, `.${basename(file)}.studio-${process.pid}`);
    writeFileSync(temporary, text, 'utf8');
    renameSync(temporary, file);
  }
}
