import type { ArgumentKind } from './message-syntax.js';
import type { PromptValues } from './prompt.js';

const SAMPLES: Record<ArgumentKind, string | number> = { number: 2, digits: '1234', text: 'other' };

/** Values to say a composed prompt with when nobody gave any (designers hearing it, `prompts list`). */
export function sampleValues(args: ReadonlyMap<string, ArgumentKind>, given: PromptValues = {}): PromptValues {
  return Object.fromEntries([...args].map(([name, kind]) => [name, given[name] ?? SAMPLES[kind]]));
}
