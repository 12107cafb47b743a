import fc from 'fast-check';
import { KEYPAD_KEYS } from '../../src/flows/index.js';
import type { KeyAction } from '../../src/simulator/index.js';

/** A key as a channel may deliver it: the keypad, or junk a broken transport might pass on. */
export const anyKey = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(...KEYPAD_KEYS),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'E', 'a', '10', '11', '##', ' ', '\n', '\0', '٣', '🙂') },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

/** Gaps between keys: bursts at the same instant, key rates, pauses around every flow timeout. */
export const keyGapMs = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 400 }),
  fc.integer({ min: 400, max: 20_000 }),
);

/** One scripted key, at a time after the previous one. */
export const keyAction: fc.Arbitrary<KeyAction> = fc.tuple(anyKey, keyGapMs).map(([key, gap]) => ({ key, atMs: gap }));

/** Keys with gaps, as a script of absolute times after the answer. */
export function keyScript(maxLength: number, minLength = 0): fc.Arbitrary<KeyAction[]> {
  return fc.array(fc.tuple(anyKey, keyGapMs), { minLength, maxLength }).map((keys) => {
    let at = 0;
    return keys.map(([key, gap]) => ({ key, atMs: (at += gap) }));
  });
}
