/** One problem found in a file Foyer loads, with the line it is on (1-based; 0 when unknown). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** Warnings are reported but do not stop the file from loading. */
  readonly severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return problem.severity === 'warning' ? `${where}: warning: ${problem.message}` : `${where}: ${problem.message}`;
}

/**
 * A file (services, flow, prompt catalogue, config) could not be loaded. `problems` lists every
 * error found, each as `file:line: message`; fix them and load again. Nothing was changed.
 */
export class LoadError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LoadError';
    this.problems = problems;
  }
}
