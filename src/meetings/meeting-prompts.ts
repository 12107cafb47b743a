import type { Catalogue } from '../prompts/index.js';

/**
 * The prompts the meetings layer plays itself (everything else a participant hears is named in
 * the meeting flow): the base theme must have each in the default language.
 */
export const MEETING_PROMPTS = ['meeting.conference_full', 'meeting.leave_tone', 'call.technical_problem'] as const;

/** The meeting prompts missing from the catalogue's base theme. */
export function missingMeetingPrompts(catalogue: Catalogue): string[] {
  return MEETING_PROMPTS.filter((id) => !catalogue.has(id));
}
