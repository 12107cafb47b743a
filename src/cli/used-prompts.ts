import { promptUsage, type FlowSet } from '../flows/index.js';
import { MEETING_PROMPTS } from '../meetings/index.js';

/** Every prompt id something plays: the flows, and the meeting rules. `foyer check` requires each in every language. */
export function usedPromptIds(flows: FlowSet): string[] {
  return [...new Set([...promptUsage(flows).keys(), ...MEETING_PROMPTS])];
}

/** Where a prompt is used: `flow/state` for each flow state that plays it, `meetings`, or `composed prompts` for number and digit words. */
export function promptUsedIn(flows: FlowSet): (id: string) => string[] {
  const usage = promptUsage(flows);
  const meetings = new Set<string>(MEETING_PROMPTS);
  return (id) => [
    ...(usage.get(id) ?? []),
    ...(meetings.has(id) ? ['meetings'] : []),
    ...(/^(number|digit)\./.test(id) ? ['composed prompts'] : []),
  ];
}
