import type { Role } from '../directory/index.js';

/** What a participant can ask for with two keys in the meeting. */
export type Control = 'toggle_guest_mute' | 'toggle_self_mute' | 'toggle_lock' | 'end_meeting';

const CONTROLS: Record<string, { control: Control; hostOnly: boolean }> = {
  '*5': { control: 'toggle_guest_mute', hostOnly: true },
  '*6': { control: 'toggle_self_mute', hostOnly: false },
  '*7': { control: 'toggle_lock', hostOnly: true },
  '##': { control: 'end_meeting', hostOnly: true },
};

/** Both keys of a control must come within this long. */
export const CONTROL_WINDOW_MS = 2000;

/**
 * Reads host keypad controls from single keys: `*5`, `*6`, `*7`, `##`, both keys within 2 s.
 * Guests have only `*6`. Keys that make no control are dropped.
 */
export class Keypad {
  private pending: { key: string; at: number } | undefined;

  constructor(private readonly role: () => Role) {}

  press(key: string, now: number): Control | undefined {
    const first = this.pending;
    this.pending = undefined;
    if (first && now - first.at <= CONTROL_WINDOW_MS) {
      const entry = CONTROLS[first.key + key];
      if (entry && (!entry.hostOnly || this.role() === 'host')) return entry.control;
    }
    if (key === '*' || key === '#') this.pending = { key, at: now };
    return undefined;
  }
}
