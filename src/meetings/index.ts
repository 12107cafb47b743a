export type { ConferenceBridge, ConferenceRoom, MemberHandle } from './bridge.js';
export { Meetings, type MeetingsOptions } from './meetings.js';
export type { MeetingEvent, MeetingEventName, MeetingObserver } from './meeting-events.js';
export { DEFAULT_MEETING_SETTINGS, type MeetingSettings } from './meeting-settings.js';
export { MEETING_PROMPTS, missingMeetingPrompts } from './meeting-prompts.js';
export { shippedMeetingFlow, shippedRoomFlow } from './shipped-meeting-flow.js';
