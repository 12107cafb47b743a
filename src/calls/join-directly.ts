import { deadline, type Clock } from '../time/index.js';
import { roomSlug, type Admit, type Departure } from './admit.js';

/**
 * Without a meetings layer: into the room's conference, hosts as moderators; gone when the caller
 * hangs up or the call fails. A join the media server never answers fails after `timeoutMs`.
 */
export function joinDirectly(clock: Clock, timeoutMs: number): Admit {
  return async ({ channel, room, role }) => {
    const conference = `foyer-${roomSlug(room)}`;
    await deadline(`join ${conference}`, channel.join(conference, { moderator: role === 'host', muted: room.type === 'auditorium' && role === 'guest' }), timeoutMs, clock);
    const departure = new Promise<Departure>((resolve) => {
      const leave = (left: Departure) => {
        offs.forEach((off) => off());
        resolve(left);
      };
      const offs = [
        channel.on('hangup', () => leave({ by: 'caller', reason: 'caller_hangup' })),
        channel.on('failure', () => leave({ by: 'foyer', reason: 'media_failure' })),
      ];
    });
    return { admitted: true, where: 'conference', departure };
  };
}
