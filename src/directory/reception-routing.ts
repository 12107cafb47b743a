import type { CallerContext } from './caller-context.js';
import type { Directory } from './directory.js';
import { isRoom, type Reception, type Room } from './service.js';

export type RouteResult = { readonly room: Room } | { readonly invalid: 'no_match' | 'unknown' | 'not_a_room' };

/**
 * Where a number keyed at a reception leads: `match`/`replace` (then `postMatch`/`postReplace`)
 * rewrite it, then it is looked up as an alias in the domain the caller dialled. Only rooms are
 * reachable; never another reception, and never anything outside the directory (no toll fraud).
 */
export async function routeEntry(
  directory: Directory,
  reception: Reception,
  entry: string,
  domain: string | undefined,
  signal?: AbortSignal,
  caller?: CallerContext,
): Promise<RouteResult> {
  if (entry === '') return { invalid: 'unknown' };
  const alias = rewrite(rewrite(entry, reception.match, reception.replace), reception.postMatch, reception.postReplace);
  if (alias === undefined) return { invalid: 'no_match' };
  const dialled = domain && !alias.includes('@') ? `${alias}@${domain}` : alias;
  const service = await directory.lookup(dialled, signal, { ...caller, trigger: 'two_stage_dialing' });
  if (!service) return { invalid: 'unknown' };
  if (!isRoom(service)) return { invalid: 'not_a_room' };
  return { room: service };
}

/** `entry` rewritten by one match/replace pair; undefined when it does not match. */
function rewrite(
  entry: string | undefined,
  match: RegExp | undefined,
  replace: string | undefined,
): string | undefined {
  if (entry === undefined || !match) return entry;
  // A global or sticky pattern would carry lastIndex from one call to the next.
  const pattern = match.global || match.sticky ? new RegExp(match.source, match.flags.replace(/[gy]/g, '')) : match;
  if (!pattern.test(entry)) return undefined;
  return replace === undefined ? entry : entry.replace(pattern, replace);
}
