import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYPAD_KEYS } from '../../src/flows/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { FreeswitchChannel, keyFromInfo, normaliseKey } from '../../src/telephony/index.js';
import { FakeDialog, FakeEndpoint } from '../telephony/doubles.js';
import { nastyText, params } from '../helpers/fuzz.js';

const contentType = fc.oneof(
  fc.constantFrom(
    'application/dtmf-relay',
    'application/DTMF-Relay; charset=utf-8',
    'application/dtmf',
    ' application/dtmf ',
    'application/media_control+xml',
    'text/plain',
    '',
  ),
  fc.constant(undefined),
  nastyText,
);

/** Bodies as phones send them, as broken phones send them, and junk. */
const body = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Signal', 'signal', 'SIGNAL', ' Signal '),
      fc.constantFrom('=', ' = ', ':'),
      fc.oneof(fc.constantFrom('1', '#', '*', '10', '11', '12', 'A', 'd', '', ' ', '١'), nastyText),
      fc.constantFrom('\r\nDuration=160\r\n', '\n', '', '\r\nDuration=abc'),
    )
    .map((parts) => parts.join('')),
  fc.oneof(fc.constantFrom('5', '#', '*', '10', '11', 'B', ' 7 ', '77'), nastyText),
  fc.constant(undefined),
);

describe('any SIP INFO body: one key, or nothing', () => {
  it('keyFromInfo returns a single key 0-9 * # A-D, or undefined; it never throws', () => {
    fc.assert(
      fc.property(contentType, body, (type, text) => {
        const key = keyFromInfo(type, text);
        if (key !== undefined) expect(KEYPAD_KEYS).toContain(key);
      }),
      params(500),
    );
  });

  it('normaliseKey: a key, or undefined', () => {
    fc.assert(
      fc.property(nastyText, (raw) => {
        const key = normaliseKey(raw);
        if (key !== undefined) expect(KEYPAD_KEYS).toContain(key);
      }),
      params(300),
    );
  });

  it('a call answers every INFO 200 and passes on exactly the keys they carry, whatever else arrives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(contentType, body), { maxLength: 30 }),
        fc.array(nastyText, { maxLength: 5 }),
        (infos, rtpJunk) => {
          const dialog = new FakeDialog();
          const endpoint = new FakeEndpoint();
          const channel = new FreeswitchChannel('c', dialog, endpoint, {
            promptBase: '/p',
            conferenceProfile: 'foyer',
            logger: silentLogger,
            operationTimeoutMs: 1000,
          });
          const keys: string[] = [];
          channel.on('dtmf', (key) => keys.push(key));
          const expected: string[] = [];
          for (const [type, text] of infos) {
            expect(dialog.receive('info', type, text ?? '')).toBe(200);
            const key = keyFromInfo(type, text ?? '');
            if (key !== undefined) expected.push(key);
          }
          // Whatever FreeSWITCH reports too: a key counts only if no INFO key came first (one transport per call).
          for (const junk of rtpJunk) {
            endpoint.emit('dtmf', { dtmf: junk, source: 'RTP' });
            const key = normaliseKey(junk);
            if (key !== undefined && infos.every(([type, text]) => keyFromInfo(type, text ?? '') === undefined))
              expected.push(key);
          }
          expect(keys).toEqual(expected);
          void channel.hangup();
        },
      ),
      params(200),
    );
  });
});
