import { isRoom, type Service, type Target } from '../directory/index.js';

/**
 * Refuses a configuration with rooms hosted elsewhere (a `target:`) whose transfer the back-end
 * cannot do yet (`can` says which it can): such a room must never silently become a conference
 * here, nor fail on every call. The error names every such room; `foyer simulate` runs them.
 */
export function refuseTargets(
  services: readonly Service[],
  backend: string,
  can: { readonly what: string; readonly test: (target: Target) => boolean } = { what: '', test: () => false },
): void {
  const hosted = services.filter(isRoom).filter((room) => room.target !== undefined && !can.test(room.target));
  if (hosted.length === 0) return;
  const names = hosted.map((room) => `"${room.name}"`).join(', ');
  const rooms = hosted.length === 1 ? 'room' : 'rooms';
  const only = can.what ? ` (it does only ${can.what})` : '';
  throw new Error(
    `the ${backend} telephony back-end cannot transfer calls to these rooms hosted elsewhere yet${only}: ${rooms} ${names} ${hosted.length === 1 ? 'names' : 'name'} a target; remove target: from the services file, or try it with foyer simulate`,
  );
}

/** What the FreeSWITCH back-end transfers today: REFER, without falling back to a bridge. */
export const FREESWITCH_TRANSFERS = {
  what: 'method: refer without fallback',
  test: (target: Target) => target.method === 'refer' && target.fallback === undefined,
};
