import { aliasMatches, parseAlias } from './alias.js';
import type { Directory } from './directory.js';
import { routeEntry } from './reception-routing.js';
import { isRoom, type Reception, type Room, type Service } from './service.js';

/** How a dialled alias reaches a service: dialled directly, or keyed at a reception. */
export type AliasRoute =
  | { readonly how: 'direct'; readonly service: Service; readonly alias: string }
  | { readonly how: 'reception'; readonly reception: Reception; readonly room: Room; readonly lookedUp: string };

/**
 * Every way `dialled` reaches a service: the service with a matching alias (what a caller who
 * dials it reaches), and, for digits, the room each reception leads to when a caller keys them
 * there (after its match/replace). Empty when it reaches nothing: a caller who dials it gets 404.
 */
export async function aliasRoutes(directory: Directory, dialled: string): Promise<AliasRoute[]> {
  const routes: AliasRoute[] = [];
  const direct = await directory.lookup(dialled);
  if (direct) {
    const key = parseAlias(dialled);
    // As the directory matches: an alias with a domain before one without.
    const candidates = [...direct.aliases].sort(
      (a, b) => Number(!parseAlias(a).domain) - Number(!parseAlias(b).domain),
    );
    const alias = candidates.find((written) => aliasMatches(parseAlias(written), key)) ?? dialled;
    routes.push({ how: 'direct', service: direct, alias });
  }
  const entry = parseAlias(dialled).user;
  if (!/^\d+$/.test(entry)) return routes;
  for (const reception of directory.services().filter((service): service is Reception => !isRoom(service))) {
    const route = await routeEntry(directory, reception, entry, parseAlias(dialled).domain);
    if (!('room' in route)) continue;
    const lookedUp =
      reception.match && reception.replace !== undefined ? entry.replace(reception.match, reception.replace) : entry;
    routes.push({ how: 'reception', reception, room: route.room, lookedUp });
  }
  return routes;
}
