/**
 * What Foyer sets on a caller's FreeSWITCH channel before it joins a conference, so that on any
 * FreeSWITCH (its stock conference.conf.xml, a profile of the operator's, or none) mod_conference's
 * own behaviour never acts on a Foyer caller: Foyer decides every meeting rule itself.
 * Read from mod_conference (FreeSWITCH v1.10.12): conference_member.c reads `conference_controls`
 * before the profile's caller-controls and moderator-controls, and `conference_enter_sound` /
 * `conference_exit_sound` before the profile's sounds; mod_conference.c reads
 * `conference_force_rate` when the first member creates the conference.
 */
export const MEMBER_VARIABLES: Readonly<Record<string, string>> = {
  // "none" binds no keypad controls: the stock "default" group hangs up on #, deafens on *, and so on.
  conference_controls: 'none',
  // The profile's enter and exit sounds are played to everyone; Foyer plays its own tones (or none).
  conference_enter_sound: 'silence_stream://20',
  conference_exit_sound: 'silence_stream://20',
  // Foyer's prompts are 16 kHz; without a profile mod_conference would mix at 8 kHz.
  conference_force_rate: '16000',
};

/** Member flags Foyer adds to every join: no music on hold from the profile when a member is alone. */
export const MEMBER_FLAGS: Readonly<Record<string, boolean>> = { nomoh: true };
