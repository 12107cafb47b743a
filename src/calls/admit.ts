import type { Role, Room } from '../directory/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import type { CallChannel } from './channel.js';

/** Who the admitted caller is, for the meeting rules and the usage log. */
export interface AdmitRequest {
  readonly channel: CallChannel;
  readonly room: Room;
  readonly role: Role;
  readonly callId: string;
  /** The caller's URI. */
  readonly caller: string;
  readonly source: string;
  /** Prompts in the room's theme and language for this call. */
  readonly prompts: (requests: readonly PromptRequest[]) => PromptRef[];
}

/** How an admitted caller left the meeting. */
export interface Departure {
  readonly by: 'caller' | 'foyer';
  readonly reason: string;
}

export type Admission =
  | {
      readonly admitted: true;
      /** Straight into the conference, or waiting in its lobby. */
      readonly where: 'conference' | 'lobby';
      /** Settles when the caller leaves the meeting, however that happens. */
      readonly departure: Promise<Departure>;
    }
  /** Refused (the room is full): the caller has been told; the session hangs up. */
  | { readonly admitted: false; readonly reason: string };

/** What admitting a caller with a role to a room does: the meetings layer. */
export type Admit = (request: AdmitRequest) => Promise<Admission>;

/** A conference name safe for any media server: `foyer-` and the room's name in lower-case words. */
export function roomSlug(room: Room): string {
  const slug = room.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'room';
}

/**
 * Without a meetings layer: into the room's conference, hosts as moderators; gone when the caller
 * hangs up or the call fails. (The session gives the join a deadline.)
 */
export const joinDirectly: Admit = async ({ channel, room, role }) => {
  await channel.join(`foyer-${roomSlug(room)}`, {
    moderator: role === 'host',
    muted: room.type === 'auditorium' && role === 'guest',
  });
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
