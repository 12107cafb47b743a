import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedTelephony } from '../../src/embedded/index.js';
import { SipMessage } from '../../src/embedded/sip/sip-message.js';
import { createLogger, Resources } from '../../src/observability/index.js';
import { realClock } from '../../src/time/index.js';
import { request } from '../embedded/fake-transport.js';
import { nastyText, params } from '../helpers/fuzz.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n';

/** SIP as phones write it, then broken line by line: dropped, doubled, emptied, junk in values, wrong lengths. */
const message = fc
  .tuple(
    fc.constantFrom('INVITE', 'OPTIONS', 'REGISTER', 'BYE', 'CANCEL', 'ACK', 'INFO', 'REFER', 'FOO', 'invite'),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(20), fc.constantFrom('drop', 'double', 'empty', 'junk', 'length', 'none'), nastyText), {
      maxLength: 4,
    }),
  )
  .map(([method, withSdp, edits]) => {
    const lines = request(method, {
      branch: `z9hG4bK${Math.random()}`,
      callId: `fuzz-${Math.random()}`,
      body: withSdp ? SDP : '',
    }).split('\r\n');
    for (const [at, edit, junk] of edits) {
      const index = 1 + (at % Math.max(1, lines.length - 1));
      const line = lines[index] ?? '';
      if (edit === 'drop') lines.splice(index, 1);
      else if (edit === 'double') lines.splice(index, 0, line);
      else if (edit === 'empty') lines[index] = line.replace(/:.*/, ':');
      else if (edit === 'junk') lines[index] = line.replace(/:.*/, `: ${junk}`);
      else if (edit === 'length') lines[index] = `Content-Length: ${junk.length % 3 === 0 ? junk : junk.length * 7}`;
    }
    return Buffer.from(lines.join('\r\n'));
  });

const bytes = fc.oneof(
  message,
  fc.uint8Array({ maxLength: 2000 }).map((array) => Buffer.from(array)),
);

describe('fuzzed SIP never takes the embedded endpoint down', () => {
  it('parsing any bytes returns a message or a reason, never throws', () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const parsed = SipMessage.parse(data);
        expect(parsed instanceof SipMessage || 'drop' in parsed || 'reject' in parsed).toBe(true);
      }),
      params(2000),
    );
  });

  describe('over real sockets', () => {
    let telephony: EmbeddedTelephony;
    const resources = new Resources();

    beforeAll(async () => {
      telephony = await EmbeddedTelephony.start({
        host: '127.0.0.1',
        port: 0,
        promptsDir: '/nonexistent',
        clock: realClock,
        logger: createLogger({ level: 'silent' }),
        resources,
        draining: () => false,
        // Calls that survive the fuzzing are answered and hung up at once: the SDP and BYE paths run too.
        onCall: (call) =>
          void (call.to.includes('8000')
            ? call
                .answer()
                .then((channel) => channel.hangup())
                .catch(() => undefined)
            : call.reject('not_found')),
      });
    });

    afterAll(async () => {
      await telephony.stop();
    });

    /** Sends OPTIONS and waits for the 200: the endpoint still answers. */
    const stillAnswers = () =>
      new Promise<string>((resolve, reject) => {
        const socket = createSocket('udp4');
        const timer = setTimeout(() => reject(new Error('no answer to OPTIONS')), 3000);
        socket.on('message', (data) => {
          clearTimeout(timer);
          socket.close();
          resolve(data.toString().split('\r\n')[0]!);
        });
        socket.send(
          request('OPTIONS', { branch: `z9hG4bK-alive${Math.random()}` }),
          telephony.address.port,
          '127.0.0.1',
        );
      });

    it('over UDP: whatever arrives, OPTIONS still gets 200', async () => {
      const socket = createSocket('udp4');
      await fc.assert(
        fc.asyncProperty(bytes, async (data) => {
          socket.send(data, telephony.address.port, '127.0.0.1');
          await new Promise((resolve) => setImmediate(resolve));
        }),
        params(300),
      );
      socket.close();
      expect(await stillAnswers()).toBe('SIP/2.0 200 OK');
    }, 60_000);

    it('over TCP: a stream of junk closes that connection only', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(bytes, { minLength: 1, maxLength: 4 }), async (chunks) => {
          const socket = connect(telephony.address.port, '127.0.0.1');
          socket.on('error', () => undefined);
          await new Promise((resolve) => socket.once('connect', resolve));
          for (const chunk of chunks) socket.write(chunk);
          await new Promise((resolve) => setTimeout(resolve, 5));
          socket.destroy();
        }),
        params(60),
      );
      expect(await stillAnswers()).toBe('SIP/2.0 200 OK');
    }, 60_000);
  });
});
