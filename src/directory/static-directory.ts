import { aliasMatches, parseAlias, type AliasKey } from './alias.js';
import type { Directory } from './directory.js';
import type { Service } from './service.js';

interface Entry {
  readonly key: AliasKey;
  readonly service: Service;
}

/** A directory over a fixed list of services (for example a services file), indexed by user part. */
export class StaticDirectory implements Directory {
  private readonly byUser = new Map<string, Entry[]>();

  constructor(private readonly list: readonly Service[]) {
    for (const service of list) {
      for (const alias of service.aliases) {
        const key = parseAlias(alias);
        const entries = this.byUser.get(key.user) ?? [];
        entries.push({ key, service });
        this.byUser.set(key.user, entries);
      }
    }
    // An alias with a domain is more specific than one without: try it first.
    for (const entries of this.byUser.values()) entries.sort((a, b) => Number(!a.key.domain) - Number(!b.key.domain));
  }

  lookup(dialled: string): Promise<Service | undefined> {
    const key = parseAlias(dialled);
    return Promise.resolve(this.byUser.get(key.user)?.find((entry) => aliasMatches(entry.key, key))?.service);
  }

  services(): readonly Service[] {
    return this.list;
  }
}
