import type { Bundle } from '../bundle/index.js';
import type { Logger } from '../observability/index.js';
import { checkCatalogue } from '../prompts/index.js';
import { formatProblem } from '../yaml/index.js';
import { usedPromptIds } from './used-prompts.js';

/**
 * At start-up, says what real callers would miss: prompts without audio (they would hear
 * nothing), untranslated prompts, stale audio. Foyer still starts (`foyer check --strict` is the
 * gate before a release); each problem is one warning line. Returns how many there were.
 */
export function logPromptWarnings(bundle: Bundle, logger: Logger): number {
  const problems = checkCatalogue(bundle.catalogue, usedPromptIds(bundle.flows));
  for (const problem of problems)
    logger.warn({ event: 'prompt_problem', file: problem.file, line: problem.line }, formatProblem(problem));
  return problems.length;
}
