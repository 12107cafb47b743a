/**
 * Prompts that code plays by id, outside the flows, and who plays them. `foyer check` requires
 * each in the base theme of every shipped language; `foyer prompts list` shows where it is used.
 * (Flows name their own prompts; number.* and digit.* are parts of composed prompts.)
 */
export const CODE_PROMPTS: Readonly<Record<string, string>> = {
  'call.goodbye': 'meetings',
  'meeting.first_participant': 'meetings',
  'meeting.participant_count': 'meetings',
  'meeting.waiting_for_host': 'meetings',
  'meeting.host_timeout': 'meetings',
  'meeting.guests_only_warning': 'meetings',
  'meeting.ended_by_host': 'meetings',
  'meeting.conference_full': 'meetings',
  'meeting.locked': 'meetings',
  'meeting.unlocked': 'meetings',
  'meeting.someone_waiting': 'meetings',
  'meeting.guests_muted': 'meetings',
  'meeting.guests_unmuted': 'meetings',
  'meeting.muted': 'meetings',
  'meeting.unmuted': 'meetings',
  'meeting.join_tone': 'meetings',
  'meeting.leave_tone': 'meetings',
  'meeting.hold_music': 'meetings',
};
