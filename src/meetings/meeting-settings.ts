import type { Room } from '../directory/index.js';

/**
 * What an operator configured over the meeting flow's settings (each absent field: the flow's
 * value). A room's own timeouts win over both.
 */
export interface MeetingSettings {
  /** How long a guest waits for a host in the lobby before being disconnected (flow: waiting_for_host_timeout). */
  readonly waitingForHostTimeoutMs?: number;
  /** How long guests stay after the last host leaves, 0: at once (flow: guests_only_timeout). */
  readonly guestsOnlyTimeoutMs?: number;
  /** Whether a caller hears how many others are in the conference when joining (flow: announce_count). */
  readonly announceCount?: boolean;
  /** Whether others hear a tone when someone joins or leaves (flow: tones). */
  readonly tones?: boolean;
}

/** The shipped meeting flow's values, for callers that want them spelled out. */
export const DEFAULT_MEETING_SETTINGS = {
  waitingForHostTimeoutMs: 900_000,
  guestsOnlyTimeoutMs: 60_000,
  announceCount: true,
  tones: true,
} as const satisfies MeetingSettings;

/** What wins over the meeting flow's settings for one room: the operator's values, then the room's own timeouts. */
export function overridesFor(room: Room, operator: MeetingSettings = {}): Record<string, number | boolean> {
  const overrides: Record<string, number | boolean> = {};
  if (operator.waitingForHostTimeoutMs !== undefined)
    overrides.waiting_for_host_timeout = operator.waitingForHostTimeoutMs;
  if (operator.guestsOnlyTimeoutMs !== undefined) overrides.guests_only_timeout = operator.guestsOnlyTimeoutMs;
  if (operator.announceCount !== undefined) overrides.announce_count = operator.announceCount;
  if (operator.tones !== undefined) overrides.tones = operator.tones;
  if (room.waitingForHostTimeout !== undefined) overrides.waiting_for_host_timeout = room.waitingForHostTimeout * 1000;
  if (room.guestsOnlyTimeout !== undefined) overrides.guests_only_timeout = room.guestsOnlyTimeout * 1000;
  return overrides;
}
