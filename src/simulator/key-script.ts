import { KEYPAD_KEYS_TEXT, isKeypadKey } from '../flows/index.js';

/** One scripted caller action, at a time relative to when the call was answered. */
export type KeyAction =
  { readonly atMs: number; readonly key: string } | { readonly atMs: number; readonly hangup: true };

export const KEY_INTERVAL_MS = 250;
export const PAUSE_MS = 1000;

/**
 * Error in a key script: names the character and its position, and says what is allowed.
 */
export class KeyScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyScriptError';
  }
}

/**
 * Reads a key script: `0-9 * # A-D` are keys, each 250 ms after the previous; `,` is a second of
 * silence; `!` hangs up. Spaces are ignored. Nothing after `!` may follow.
 */
export function parseKeyScript(script: string): KeyAction[] {
  const actions: KeyAction[] = [];
  let at = 0;
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- one code point at a time, so a stray emoji is named whole in the error
  [...script].forEach((char, index) => {
    if (/\s/.test(char)) return;
    if (actions.some((action) => 'hangup' in action))
      throw new KeyScriptError(`key script: nothing may follow "!" (found "${char}" at position ${index + 1})`);
    const key = char.toUpperCase();
    if (isKeypadKey(key)) {
      at += KEY_INTERVAL_MS;
      actions.push({ atMs: at, key });
    } else if (char === ',') {
      at += PAUSE_MS;
    } else if (char === '!') {
      at += KEY_INTERVAL_MS;
      actions.push({ atMs: at, hangup: true });
    } else {
      throw new KeyScriptError(
        `key script: "${char}" at position ${index + 1} is not a key; use ${KEYPAD_KEYS_TEXT}, "," for a second of silence, "!" to hang up`,
      );
    }
  });
  return actions;
}
