import type { Role, Room } from '../directory/index.js';
import type { CallChannel } from './channel.js';

/** What admitting a caller with a role to a room does. The meetings layer supplies its own. */
export type Admit = (channel: CallChannel, room: Room, role: Role) => Promise<void>;

/** A conference name safe for any media server: `foyer-` and the room's name in lower-case words. */
export function conferenceNameFor(room: Room): string {
  const slug = room.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `foyer-${slug || 'room'}`;
}

/** Joins the room's conference: hosts as moderators, auditorium guests muted. */
export const defaultAdmit: Admit = (channel, room, role) =>
  channel.join(conferenceNameFor(room), { moderator: role === 'host', muted: room.type === 'auditorium' && role === 'guest' });
