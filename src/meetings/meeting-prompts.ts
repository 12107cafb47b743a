import type { Catalogue } from '../prompts/index.js';

/** Every prompt the meeting rules play; the base theme must have each in the default language. */
export const MEETING_PROMPTS = [
  'meeting.first_participant',
  'meeting.participant_count',
  'meeting.waiting_for_host',
  'meeting.hold_music',
  'meeting.host_timeout',
  'meeting.guests_only_warning',
  'meeting.ended_by_host',
  'meeting.conference_full',
  'meeting.locked',
  'meeting.unlocked',
  'meeting.someone_waiting',
  'meeting.guests_muted',
  'meeting.guests_unmuted',
  'meeting.muted',
  'meeting.unmuted',
  'meeting.join_tone',
  'meeting.leave_tone',
  'call.goodbye',
  'call.technical_problem',
] as const;

/** The meeting prompts missing from the catalogue's base theme. */
export function missingMeetingPrompts(catalogue: Catalogue): string[] {
  return MEETING_PROMPTS.filter((id) => !catalogue.has(id));
}
