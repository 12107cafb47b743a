import type { ZodError } from 'zod';
import type { Problem } from './load-error.js';
import type { YamlSource } from './yaml-source.js';

/** Turns a schema failure into one problem per issue, each on the line of the value at fault. */
export function zodProblems(source: YamlSource, error: ZodError, prefix: readonly (string | number)[] = []): Problem[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')];
    const field = path.length > 0 ? `${path.join('.')}: ` : '';
    return source.problem(path, `${field}${issue.message}`);
  });
}
