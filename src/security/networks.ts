import { BlockList, isIP } from 'node:net';

/**
 * A list of networks written as CIDRs (`10.0.0.0/8`, `2001:db8::/32`) or single addresses. An
 * IPv4 address written as IPv6 (`::ffff:10.1.2.3`, as dual-stack sockets report it) matches the
 * IPv4 networks too.
 */
export class Networks {
  private readonly list = new BlockList();

  private constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      if (family === 0)
        throw new Error(`"${entry}" is not an address or network (write 192.0.2.0/24, 2001:db8::/32 or 192.0.2.7)`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) {
        this.list.addAddress(address, type);
        continue;
      }
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128))
        throw new Error(`"${entry}": the prefix length must be 0 to ${family === 4 ? 32 : 128}`);
      this.list.addSubnet(address, bits, type);
    }
  }

  /** Parses `entries`; a bad one throws an error naming it and `what` (the setting). */
  static parse(entries: readonly string[], what: string): Networks {
    try {
      return new Networks(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''));
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`);
    }
  }

  static readonly none = new Networks([]);

  /** Whether `address` (an IP address, possibly in brackets) lies in one of the networks. */
  contains(address: string): boolean {
    if (this.entries.length === 0) return false;
    const bare = address.replace(/^\[(.*)\]$/, '$1');
    const family = isIP(bare);
    if (family === 0) return false;
    return this.list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}
