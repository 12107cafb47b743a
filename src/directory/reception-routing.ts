import type { Directory } from './directory.js';
import { isRoom, type Reception, type Room } from './service.js';

export type RouteResult = { readonly room: Room } | { readonly invalid: 'no_match' | 'unknown' | 'not_a_room' };

/**
 * Where a number keyed at a reception leads: `match`/`replace` rewrite it, then it is looked up as
 * an alias in the domain the caller dialled. Only rooms are reachable; never another reception,
 * and never anything outside the directory (no toll fraud).
 */
export async function routeEntry(
  directory: Directory,
  reception: Reception,
  entry: string,
  domain: string | undefined,
  signal?: AbortSignal,
): Promise<RouteResult> {
  if (entry === '') return { invalid: 'unknown' };
  let alias = entry;
  if (reception.match) {
    const match = reception.match.exec(entry);
    if (!match) return { invalid: 'no_match' };
    if (reception.replace !== undefined) alias = entry.replace(reception.match, reception.replace);
  }
  const dialled = domain && !alias.includes('@') ? `${alias}@${domain}` : alias;
  const service = await directory.lookup(dialled, signal);
  if (!service) return { invalid: 'unknown' };
  if (!isRoom(service)) return { invalid: 'not_a_room' };
  return { room: service };
}
