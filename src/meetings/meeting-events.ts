/** What happened in a meeting, for the simulator's transcript and tests. */
export type MeetingEventName =
  'started' | 'ended' | 'lobby' | 'joined' | 'left' | 'muted' | 'unmuted' | 'locked' | 'unlocked';

export interface MeetingEvent {
  readonly event: MeetingEventName;
  readonly service: string;
  readonly instance: string;
  readonly callId?: string;
  readonly role?: 'host' | 'guest';
}

export type MeetingObserver = (event: MeetingEvent) => void;
