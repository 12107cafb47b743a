/**
 * The digit buffer behind every entry (room number, PIN). Pure functions over plain data, so flows
 * keep the buffer in their context and the rules are tested in one place.
 *
 * An entry ends at `#`, at the inter-digit timeout, or at the `maxDigits`th digit; a `#` right
 * after that last digit is swallowed. `*` and `A`-`D` are not part of entries and are dropped.
 */
export interface DigitBuffer {
  /** Keys received and not yet taken: digits and `#`. */
  readonly buffer: string;
  /** The last entry ended at its last allowed digit: a `#` pressed next is swallowed. */
  readonly swallowHash: boolean;
}

export interface Entry {
  /** The digits of the entry (empty for a bare `#`). */
  readonly entry: string;
  /** How the entry ended. */
  readonly endedBy: 'hash' | 'length' | 'timeout';
}

const ENTRY_KEY = /^[0-9#]$/;

/** Adds one key to the buffer. */
export function addKey(state: DigitBuffer, key: string): DigitBuffer {
  if (!ENTRY_KEY.test(key)) return state;
  if (state.swallowHash) return { buffer: key === '#' ? state.buffer : state.buffer + key, swallowHash: false };
  return { buffer: state.buffer + key, swallowHash: false };
}

/** Whether the buffer holds a complete entry (ended by `#` or by its length). */
export function hasCompleteEntry(buffer: string, maxDigits: number): boolean {
  const hash = buffer.indexOf('#');
  if (hash >= 0 && hash <= maxDigits) return true;
  return leadingDigits(buffer) >= maxDigits;
}

/**
 * Takes the next entry from the buffer: a complete one if there is one, otherwise (the entry timed
 * out) whatever digits are there.
 */
export function takeEntry(state: DigitBuffer, maxDigits: number): Entry & DigitBuffer {
  const { buffer } = state;
  const hash = buffer.indexOf('#');
  if (hash >= 0 && hash <= maxDigits) {
    return { entry: buffer.slice(0, hash), endedBy: 'hash', buffer: buffer.slice(hash + 1), swallowHash: false };
  }
  if (leadingDigits(buffer) >= maxDigits) {
    const rest = buffer.slice(maxDigits);
    if (rest.startsWith('#'))
      return { entry: buffer.slice(0, maxDigits), endedBy: 'length', buffer: rest.slice(1), swallowHash: false };
    return { entry: buffer.slice(0, maxDigits), endedBy: 'length', buffer: rest, swallowHash: rest === '' };
  }
  return { entry: buffer.replace(/#/g, ''), endedBy: 'timeout', buffer: '', swallowHash: false };
}

function leadingDigits(buffer: string): number {
  const hash = buffer.indexOf('#');
  return hash < 0 ? buffer.length : hash;
}
