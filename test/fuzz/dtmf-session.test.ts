import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyKey, keyScript } from '../helpers/arbitraries.js';
import { boundedCall } from '../helpers/bounded-call.js';
import { testBundle } from '../helpers/bundle.js';
import { params } from '../helpers/fuzz.js';

const bundle = testBundle();
/** A reception (with the hand-off), rooms with every PIN rule, an auditorium, a room with a limit. */
const target = fc.constantFrom('8000', '8001', '1000', '1001', '1002', '1003', '2000', '1004', '1005');

describe('any keys at any time into a call: it ends in a known way, and leaves nothing behind', () => {
  it('keys (and junk a broken transport might pass on) with any timing, then the caller hangs up at any moment', async () => {
    await fc.assert(
      fc.asyncProperty(
        target,
        keyScript(40),
        fc.integer({ min: 0, max: 1_200_000 }),
        async (to, script, hangupAtMs) => {
          await boundedCall({ bundle, to, script, hangupAtMs });
        },
      ),
      params(150),
    );
  });

  it('1,000 keys, typed ahead, in bursts and at key rate', async () => {
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.array(fc.tuple(anyKey, fc.integer({ min: 0, max: 300 })), { minLength: 1000, maxLength: 1000 }),
        async (to, keys) => {
          let at = 0;
          const script = keys.map(([key, gap]) => ({ key, atMs: (at += gap) }));
          const record = await boundedCall({ bundle, to, script, hangupAtMs: at + 1_000 });
          expect(record.durationMs).toBeGreaterThanOrEqual(0);
        },
      ),
      params(6),
    );
  });
});
