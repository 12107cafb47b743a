import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/**
 * Sends one SIP OPTIONS over UDP and resolves with the status code of the answer, or undefined
 * after `timeoutMs`. drachtio-server answers 503 while no application is connected, and passes
 * OPTIONS to a connected one (Foyer answers 200).
 */
export function sipOptions(host: string, port: number, timeoutMs = 2000): Promise<number | undefined> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const done = (status: number | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(status);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('message', (message) => {
      const status = /^SIP\/2\.0 (\d{3})/.exec(message.toString('latin1'));
      if (status) done(Number(status[1]));
    });
    socket.on('error', () => done(undefined));
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address();
      const tag = randomBytes(4).toString('hex');
      const request = [
        `OPTIONS sip:${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${local.address}:${local.port};branch=z9hG4bK${tag}`,
        'Max-Forwards: 70',
        `From: <sip:probe@${local.address}>;tag=${tag}`,
        `To: <sip:${host}:${port}>`,
        `Call-ID: ${tag}@foyer-bench`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(request, port, host);
    });
  });
}
