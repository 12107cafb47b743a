/**
 * The sixteen keys a telephone keypad can send as DTMF. `A`-`D` are rare on handsets but valid
 * DTMF, so transports, scripts and flows accept them; entries use only the digits and `#`.
 */
export const KEYPAD_KEYS = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'] as const;

export type KeypadKey = (typeof KEYPAD_KEYS)[number];

/** The keys as a designer or user reads them in a message. */
export const KEYPAD_KEYS_TEXT = '0-9 * # A-D';

const KEYS: ReadonlySet<string> = new Set(KEYPAD_KEYS);

/** Whether `key` is one keypad key, exactly as sent (upper case `A`-`D`). */
export function isKeypadKey(key: string): key is KeypadKey {
  return KEYS.has(key);
}

/** Whether every character of `keys` is a keypad key (true for the empty string). */
export function isKeypadKeys(keys: string): boolean {
  for (const key of keys) if (!isKeypadKey(key)) return false;
  return true;
}
