import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * How many runs a property gets: its CI count in `npm test`, times FOYER_FUZZ_SCALE under
 * `npm run fuzz` (which sets it), so CI stays fast and a long run finds the rare cases.
 */
export function runs(ci: number): number {
  const scale = Number(process.env.FOYER_FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(ci * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * fast-check parameters for a property with `ci` runs in CI. FOYER_FUZZ_SEED replays a run; a long
 * run (`npm run fuzz`) writes its seed first, so that even a run that never ends can be replayed.
 */
export function params(ci: number): fc.Parameters<unknown> {
  const given = process.env.FOYER_FUZZ_SEED;
  const seed =
    given !== undefined
      ? Number(given)
      : process.env.FOYER_FUZZ_SCALE
        ? Math.floor(Math.random() * 2 ** 31)
        : undefined;
  if (seed !== undefined && given === undefined)
    process.stderr.write(`[fuzz] seed ${seed} (replay with FOYER_FUZZ_SEED=${seed})\n`);
  return { numRuns: runs(ci), ...(seed !== undefined && { seed }) };
}

/** Text that trips parsers: YAML and SDP punctuation, control characters, long runs, odd Unicode. */
export const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\r\n',
    '\0',
    ':',
    '- ',
    '#',
    '&a',
    '*a',
    '!!binary x',
    '{',
    '[',
    '"',
    "'",
    '|',
    '>',
    '%YAML 1.2',
    '---',
    '...',
    '~',
    'null',
    '0123',
    '1e400',
    '-0',
    '0x1F',
    'NaN',
    '.inf',
    '\u202e',
    '\ud800',
    'ÿ'.repeat(200),
    'a'.repeat(5000),
  ),
);

/** Any YAML-ish value: scalars of every kind, lists, mappings, nested. */
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    nastyText,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** One edit of a text: lines deleted, duplicated, swapped, re-indented, cut, or junk put in. */
export type TextEdit =
  | { readonly kind: 'delete' | 'duplicate' | 'indent' | 'outdent' | 'truncate'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'insert' | 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'char'; readonly at: number; readonly text: string };

export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'indent', 'outdent', 'truncate'), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap'), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert', 'replace'), at: fc.nat(), text: nastyText }),
  fc.record({ kind: fc.constant('char'), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 2 }) }),
);

/** Applies edits to a text, line by line (positions wrap around). */
export function editText(text: string, edits: readonly TextEdit[]): string {
  let lines = text.split('\n');
  for (const edit of edits) {
    const at = lines.length === 0 ? 0 : edit.at % lines.length;
    switch (edit.kind) {
      case 'delete':
        lines.splice(at, 1);
        break;
      case 'duplicate':
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 'indent':
        lines[at] = `  ${lines[at] ?? ''}`;
        break;
      case 'outdent':
        lines[at] = (lines[at] ?? '').replace(/^ {1,2}/, '');
        break;
      case 'truncate':
        lines = lines.slice(0, at);
        break;
      case 'swap': {
        const other = lines.length === 0 ? 0 : edit.with % lines.length;
        [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
        break;
      }
      case 'insert':
        lines.splice(at, 0, edit.text);
        break;
      case 'replace':
        lines[at] = edit.text;
        break;
      case 'char': {
        const line = lines[at] ?? '';
        const column = line.length === 0 ? 0 : edit.at % line.length;
        lines[at] = line.slice(0, column) + edit.text + line.slice(column + 1);
        break;
      }
    }
  }
  return lines.join('\n');
}

/** One change to parsed data: a value replaced, a key deleted or renamed, a value copied elsewhere. */
export type DataEdit =
  | { readonly kind: 'set'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'rename'; readonly at: number; readonly to: number | string }
  | { readonly kind: 'copy'; readonly at: number; readonly from: number };

/** `names` are words the data already uses (state names, actions, prompt ids): likely to pass one check and trip the next. */
export function dataEdit(names: readonly string[]): fc.Arbitrary<DataEdit> {
  const word = names.length > 0 ? fc.oneof(fc.constantFrom(...names), nastyText) : nastyText;
  return fc.oneof(
    fc.record({ kind: fc.constant('set'), at: fc.nat(), value: fc.oneof(word, yamlValue) }),
    fc.record({ kind: fc.constant('delete'), at: fc.nat() }),
    fc.record({ kind: fc.constant('rename'), at: fc.nat(), to: word }),
    fc.record({ kind: fc.constant('copy'), at: fc.nat(), from: fc.nat() }),
  );
}

type Path = (string | number)[];

/** Every path into `data` (mapping keys and list indexes), in a stable order. */
function pathsOf(data: unknown, at: Path = []): Path[] {
  const paths: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(data)) data.forEach((item, index) => paths.push(...pathsOf(item, [...at, index])));
  else if (data !== null && typeof data === 'object')
    for (const [key, value] of Object.entries(data)) paths.push(...pathsOf(value, [...at, key]));
  return paths;
}

function get(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], data);
}

/** Applies edits to a deep copy of `data`. */
export function editData(data: unknown, edits: readonly DataEdit[]): unknown {
  const copy = structuredClone(data);
  for (const edit of edits) {
    const paths = pathsOf(copy);
    if (paths.length === 0) return copy;
    const path = paths[edit.at % paths.length]!;
    const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path.at(-1)!;
    switch (edit.kind) {
      case 'set':
        parent[key] = structuredClone(edit.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else Reflect.deleteProperty(parent, key);
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          const value = parent[key];
          Reflect.deleteProperty(parent, key);
          parent[String(edit.to)] = value;
        }
        break;
      case 'copy':
        parent[key] = structuredClone(get(copy, paths[edit.from % paths.length]!));
        break;
    }
  }
  return copy;
}

/** Data as YAML text; data YAML cannot write comes out as its JSON. */
export function toYaml(data: unknown): string {
  try {
    return stringify(data);
  } catch {
    // JSON.stringify answers undefined (whatever its type says) for undefined.
    const json = JSON.stringify(data) as string | undefined;
    return json ?? '';
  }
}

/** Every string in `data` (keys and values), to mutate with. */
export function wordsOf(data: unknown): string[] {
  const words = new Set<string>();
  const walk = (node: unknown) => {
    if (typeof node === 'string') words.add(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        words.add(key);
        walk(value);
      }
  };
  walk(data);
  return [...words];
}
