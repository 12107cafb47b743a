import type { ZodError } from 'zod';
import { closest } from './did-you-mean.js';
import type { Problem } from './load-error.js';
import type { Path, YamlSource } from './yaml-source.js';

/** The fields a mapping at `path` may have (for "did you mean"), when known. */
export type KnownFields = (path: Path) => readonly string[] | undefined;

/**
 * Turns a schema failure into one problem per issue, each on the line of the value at fault, in
 * the words of the file rather than the schema's: an unknown field says which was meant, a number
 * where quoted text belongs says to quote it.
 */
export function zodProblems(
  source: YamlSource,
  error: ZodError,
  prefix: readonly (string | number)[] = [],
  knownFields: KnownFields = () => undefined,
): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')];
    const field = path.length > 0 ? `${path.join('.')}: ` : '';
    if (issue.code === 'unrecognized_keys') {
      const known = knownFields(path);
      return issue.keys.map((key) => {
        const meant = known && closest(key, known);
        const hint = meant ? `; did you mean "${meant}"?` : known ? `; known fields: ${known.join(', ')}` : '';
        return {
          file: source.file,
          line: source.keyLineOf([...path, key]),
          message: `${field}unknown field "${key}"${hint}`,
          severity: 'error',
        };
      });
    }
    const value = valueAt(source.data, path);
    if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof value === 'number') {
      const written = source.sourceOf(path) ?? String(value);
      const key = path.at(-1);
      return [
        source.problem(
          path,
          `${field}must be quoted text, as in ${String(key)}: "${written}" (unquoted, YAML reads a number)`,
        ),
      ];
    }
    return [source.problem(path, `${field}${issue.message}`)];
  });
}

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
