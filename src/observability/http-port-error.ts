/**
 * Foyer's HTTP port (/health, /metrics, /blocks, /reload) cannot be listened on: another process
 * has it, or the system refuses it. Foyer stops at start-up: pick another port (`--http-port`,
 * `FOYER_HTTP_PORT`, config key `http_port`) or stop what holds it.
 */
export class HttpPortError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    cause: NodeJS.ErrnoException,
  ) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'another process is listening on it'
        : cause.code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : cause.message;
    super(
      `HTTP port ${port} on ${host} cannot be used: ${why} (set by --http-port, FOYER_HTTP_PORT or config key http_port)`,
    );
    this.name = 'HttpPortError';
  }
}
