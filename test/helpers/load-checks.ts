import { expect } from 'vitest';
import { LoadError, valueText } from '../../src/yaml/index.js';

/**
 * Runs a loader on input it may refuse. It either returns, or throws a LoadError whose every
 * problem names the file (or a file in `alsoBlames`, files or folders whose contents the input
 * may break) and a line (0 when there is none) and says what is wrong: any other
 * exception fails the test. Returns the result, or undefined when refused.
 */
export function loadsOrExplains<T>(load: () => T, file: string, alsoBlames: readonly string[] = []): T | undefined {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof LoadError))
      throw new Error(
        `loading ${file} threw ${error instanceof Error ? error.name : typeof error} instead of a LoadError:` +
          ` ${error instanceof Error ? error.message : valueText(error)}`,
        { cause: error },
      );
    expect(error.problems.length, 'a LoadError lists at least one problem').toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect(
        [file, ...alsoBlames].some((blamed) => problem.file === blamed || problem.file.startsWith(`${blamed}/`)),
        `a problem names the file: ${problem.file}`,
      ).toBe(true);
      expect(Number.isInteger(problem.line) && problem.line >= 0, `a problem has a line: ${problem.line}`).toBe(true);
      expect(problem.message.trim(), 'a problem says what is wrong').not.toBe('');
    }
    return undefined;
  }
}
