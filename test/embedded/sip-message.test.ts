import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, SipMessage } from '../../src/embedded/sip/sip-message.js';
import { StreamFramer } from '../../src/embedded/sip/stream-framer.js';
import { request } from './fake-transport.js';

const parse = (text: string | Buffer) => SipMessage.parse(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('SIP messages', () => {
  it('reads a request: method, URI, headers in any case and compact form, tags, branch, body by Content-Length', () => {
    const text = request('INVITE', { body: 'v=0\r\nxyz', headers: ['x-Custom: yes'] })
      .replace('Call-ID:', 'i:')
      .concat('trailing junk');
    const message = parse(text) as SipMessage;
    expect(message.method).toBe('INVITE');
    expect(message.uri).toBe('sip:8000@127.0.0.1:5060');
    expect(message.callId).toBe('call-1');
    expect(message.get('X-CUSTOM')).toBe('yes');
    expect(message.fromTag).toBe('from1');
    expect(message.toTag).toBeUndefined();
    expect(message.branch).toBe('z9hG4bK-1');
    expect(message.cseq).toEqual({ seq: 1, method: 'INVITE' });
    expect(message.body).toBe('v=0\r\nxyz');
  });

  it('answers what it can answer with a reason, and drops what it cannot', () => {
    expect(parse('hello world')).toEqual({ drop: 'no blank line after the headers' });
    expect(parse('hello\r\n\r\n')).toEqual({ drop: 'not a SIP message' });
    expect(parse(request('OPTIONS').replace(/Via:[^\r]*\r\n/, ''))).toEqual({ drop: 'no Via header' });
    expect(parse(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 'a'))).toMatchObject({
      drop: expect.stringMatching(/larger/) as unknown,
    });
    expect(parse(request('OPTIONS').replace(/Call-ID:[^\r]*\r\n/, ''))).toMatchObject({
      reject: 'missing Call-ID header',
    });
    expect(parse(request('OPTIONS').replace('Content-Length: 0', 'Content-Length: 50'))).toMatchObject({
      reject: 'Content-Length beyond the end of the message',
    });
    expect(parse(request('OPTIONS').replace('Content-Length: 0', 'Content-Length: -3'))).toMatchObject({
      reject: 'bad Content-Length',
    });
    expect(parse(request('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'))).toMatchObject({
      reject: 'bad CSeq',
    });
  });

  it('writes a message with its Content-Length in bytes', () => {
    const message = SipMessage.response(
      200,
      'OK',
      [
        ['call-id', 'x'],
        ['Content-Length', '99'],
      ],
      'ø',
    );
    expect(message.toString()).toBe('SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 2\r\n\r\nø');
  });
});

describe('TCP framing', () => {
  it('cuts a stream into messages by Content-Length, across chunks, skipping CRLF keep-alives', () => {
    const one = request('INFO', { body: 'Signal=5\r\n' });
    const two = request('OPTIONS');
    const framer = new StreamFramer();
    const all = Buffer.from(`\r\n\r\n${one}${two}`);
    const first = framer.push(all.subarray(0, 40));
    const rest = framer.push(all.subarray(40));
    expect(first.messages).toEqual([]);
    expect(rest.messages.map((message) => message.toString())).toEqual([one, two]);
  });

  it('gives up on a stream that cannot be framed', () => {
    expect(new StreamFramer().push(Buffer.from(request('OPTIONS').replace('Content-Length: 0', 'l: many'))).error).toBe(
      'bad Content-Length',
    );
    expect(new StreamFramer().push(Buffer.alloc(MAX_MESSAGE_BYTES + 10, 'a')).error).toMatch(/larger/);
  });
});
