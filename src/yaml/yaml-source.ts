import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { LoadError, type Problem } from './load-error.js';

export type Path = readonly (string | number)[];

/**
 * A parsed YAML file that remembers where each value came from, so that every error about it can
 * name the file and the line.
 */
export class YamlSource {
  readonly data: unknown;
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    // logLevel error: a key written as a list or mapping is read as its text (the checks then refuse the
    // name), with no process warning on Foyer's stderr.
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      logLevel: 'error',
    });
    const errors = this.doc.errors.map((error): Problem => ({
      file,
      line: this.lineAtOffset(startOfError(text, error.pos[0], error.message)),
      message: `YAML syntax: ${firstLine(error.message)}`,
      severity: 'error',
    }));
    if (errors.length > 0) throw new LoadError(errors);
    try {
      this.data = this.doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias to an anchor not (yet) defined, or aliases that would blow up: found only now.
      throw new LoadError([
        {
          file,
          line: this.firstAliasLine(),
          message: `YAML: ${firstLine((error as Error).message)}`,
          severity: 'error',
        },
      ]);
    }
  }

  static read(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
      throw new LoadError([{ file, line: 0, message: `cannot read: ${reason}`, severity: 'error' }]);
    }
    return new YamlSource(file, text);
  }

  /** The line of the value at `path`, or of its nearest ancestor that exists; 1 for the root. */
  lineOf(path: Path): number {
    const node = this.nodeAt(path);
    return node?.range ? this.lineAtOffset(node.range[0]) : 1;
  }

  /** The line of the key `path` ends in (better than the value's line for a missing or null value). */
  keyLineOf(path: Path): number {
    const parent = this.nodeAt(path.slice(0, -1), true);
    const key = path[path.length - 1];
    if (parent && isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return this.lineAtOffset(keyNode.range[0]);
    }
    return this.lineOf(path);
  }

  /** The text the value at `path` was written as (for example `0123` for a number). */
  sourceOf(path: Path): string | undefined {
    const node = this.nodeAt(path, true);
    if (!node?.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]).trim();
  }

  /** Whether the value at `path` was a plain (unquoted) scalar. */
  isPlainScalar(path: Path): boolean {
    const node = this.nodeAt(path, true);
    return !!node && isScalar(node) && node.type === 'PLAIN';
  }

  problem(path: Path, message: string, severity: Problem['severity'] = 'error'): Problem {
    return { file: this.file, line: this.lineOf(path), message, severity };
  }

  private nodeAt(path: Path, exact = false): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      let next: unknown;
      if (isMap(node)) next = node.get(key, true);
      else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
      if (next === undefined || next === null) return exact ? undefined : (node as Node);
      node = next;
    }
    return node as Node | undefined;
  }

  /** The line of the first alias that does not resolve (else of the first alias at all; 0 if none). */
  private firstAliasLine(): number {
    let unresolved: Node | undefined;
    let first: Node | undefined;
    visit(this.doc, {
      Alias: (_key, node) => {
        first ??= node;
        if (!unresolved && node.resolve(this.doc) === undefined) unresolved = node;
      },
    });
    const node = unresolved ?? first;
    return node?.range ? this.lineAtOffset(node.range[0]) : 0;
  }

  private lineAtOffset(offset: number): number {
    return this.lines.linePos(offset).line;
  }
}

/**
 * Where the mistake was made, rather than where the parser noticed it: an unclosed quote or
 * bracket is noticed at the end of what it swallowed (often the next line, or the end of the
 * file), but was made where it opened.
 */
function startOfError(text: string, offset: number, message: string): number {
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  if (quote) {
    const opening = text.lastIndexOf(quote, Math.max(0, offset - 1));
    return opening >= 0 ? opening : offset;
  }
  const bracket = /end with an? ([\]}])/.exec(message)?.[1];
  if (bracket) {
    const open = bracket === ']' ? '[' : '{';
    let depth = 0;
    for (let at = Math.min(offset, text.length) - 1; at >= 0; at -= 1) {
      if (text[at] === bracket) depth += 1;
      else if (text[at] === open && depth-- === 0) return at;
    }
  }
  return offset;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
