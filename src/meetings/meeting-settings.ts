import type { Room } from '../directory/index.js';

/** Meeting rules an operator tunes (config defaults; a room may override the timeouts). */
export interface MeetingSettings {
  /** How long a guest waits for a host in the lobby before being disconnected. */
  readonly waitingForHostTimeoutMs: number;
  /** How long guests stay after the last host leaves (0: at once). */
  readonly guestsOnlyTimeoutMs: number;
  /** How often a waiting guest is reminded. */
  readonly lobbyReminderMs: number;
  /** Whether a caller hears how many others are in the conference when joining. */
  readonly announceCount: boolean;
  /** Whether others hear a tone when someone joins or leaves. */
  readonly tones: boolean;
}

export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
  waitingForHostTimeoutMs: 900_000,
  guestsOnlyTimeoutMs: 60_000,
  lobbyReminderMs: 30_000,
  announceCount: true,
  tones: true,
};

/** The settings for one room: its own timeouts where it sets them. */
export function settingsFor(room: Room, defaults: MeetingSettings): MeetingSettings {
  return {
    ...defaults,
    ...(room.waitingForHostTimeout !== undefined && { waitingForHostTimeoutMs: room.waitingForHostTimeout * 1000 }),
    ...(room.guestsOnlyTimeout !== undefined && { guestsOnlyTimeoutMs: room.guestsOnlyTimeout * 1000 }),
  };
}
