import { MAX_MESSAGE_BYTES } from './sip-message.js';

/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 18.3): headers up to the blank line, then
 * Content-Length bytes of body. CRLF keep-alives between messages are skipped. A stream that
 * buffers more than a message may hold, or declares a bad Content-Length, cannot be framed any
 * more: `push` then returns an error and the connection must be closed.
 */
export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { messages: Buffer[]; error?: string } {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      let start = 0;
      while (start + 1 < this.buffer.length && this.buffer[start] === 0x0d && this.buffer[start + 1] === 0x0a)
        start += 2;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_MESSAGE_BYTES) return { messages, error: 'headers larger than a message may be' };
        return { messages };
      }
      const head = this.buffer.subarray(0, end).toString('latin1');
      const declared = /^(?:content-length|l)[ \t]*:[ \t]*(\S*)/im.exec(head)?.[1];
      const length = declared === undefined ? 0 : Number(declared);
      if (!Number.isInteger(length) || length < 0) return { messages, error: 'bad Content-Length' };
      const total = end + 4 + length;
      if (total > MAX_MESSAGE_BYTES) return { messages, error: 'message larger than a message may be' };
      if (this.buffer.length < total) return { messages };
      messages.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
  }
}
