/** `host:port` (or `[v6]:port`, or a bare host on 5060), for `--sip` and `--to`; throws naming the setting. */
export function parseSipAddress(value: string, what: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(value.trim());
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] === undefined ? 5060 : Number(match[3]);
  if (host === undefined || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${what}: "${value}" must be host:port (for example 127.0.0.1:5060)`);
  return { host, port };
}
