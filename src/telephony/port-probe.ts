import { connect } from 'node:net';

/**
 * Whether something accepts TCP connections at host:port. Resolves undefined when it does, or
 * the reason it does not (for example `connection refused`), within `timeoutMs`.
 */
export function probePort(host: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done('no answer'));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(describeSocketError(error)));
  });
}

export function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ENOTFOUND':
      return 'host not found';
    default:
      return error.message;
  }
}
