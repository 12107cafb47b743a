import { isRoom, type Service } from '../directory/index.js';

/**
 * Refuses a configuration with rooms hosted elsewhere (a `target:`) on a back-end that cannot
 * transfer calls yet: such a room must never silently become a conference here. The error names
 * every such room; `foyer simulate` runs them.
 */
export function refuseTargets(services: readonly Service[], backend: string): void {
  const hosted = services.filter(isRoom).filter((room) => room.target !== undefined);
  if (hosted.length === 0) return;
  const names = hosted.map((room) => `"${room.name}"`).join(', ');
  const rooms = hosted.length === 1 ? 'room' : 'rooms';
  throw new Error(
    `the ${backend} telephony back-end cannot transfer calls to rooms hosted elsewhere yet: ${rooms} ${names} ${hosted.length === 1 ? 'names' : 'name'} a target; remove target: from the services file, or try it with foyer simulate`,
  );
}
