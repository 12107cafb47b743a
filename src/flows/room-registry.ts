import { z } from 'zod';
import { parsed } from './parsed-params.js';
import type { Room } from '../directory/index.js';
import type { FlowSettings } from './settings.js';

/** What a room flow starts with: one conference instance of a room. */
export interface RoomInput {
  readonly room: Room;
  /** Values that win over the flow's settings of the same name: a room's own timeouts, the operator's (ms). */
  readonly overrides: Readonly<Record<string, number | boolean>>;
  /** The instance's participants and conference, which guards count and actions change. */
  readonly services: RoomServices;
}

/**
 * The data a room flow carries: what its participants share. Guests start muted in an auditorium;
 * the meeting starts locked when the room says so (a policy server's `locked`).
 */
export interface RoomContext extends RoomInput {
  readonly locked: boolean;
  readonly guestsMuted: boolean;
}

/** An event a room flow receives from its instance; `callId` is the participant it is about. */
export interface RoomEvent {
  readonly type: string;
  readonly callId?: string;
  /** LEFT: the participant was in the conference (not only in its lobby) when they started leaving. */
  readonly fromConference?: boolean;
}

/**
 * What a room flow may ask of its conference instance. The meetings layer implements it over the
 * participants' flows and the conference; tests implement it however they like.
 */
export interface RoomServices {
  /** Participants admitted and not gone, lobby included. */
  participants(): number;
  /** A host is in the conference. */
  hostPresent(): boolean;
  /** A guest is in the conference. */
  guestsPresent(): boolean;
  /** The caller arriving is let in (`admit`) or refused (`refuse`: the conference is full). */
  decide(callId: string, decision: 'admit' | 'refuse'): void;
  /** Every guest waiting in the lobby receives RELEASE. */
  releaseLobby(): void;
  /** Every guest in the conference receives `event`. */
  tellGuests(event: 'HOST_LEFT' | 'GUESTS_ONLY_TIMEOUT'): void;
  /** Every participant receives END_MEETING. */
  endMeeting(callId: string): void;
  /** Whether the participants hear a tone when someone joins or leaves (their meeting flow's `tones` setting, or what wins over it). */
  tones(): boolean;
  /** Plays the leave tone to everyone in the conference. */
  playLeaveTone(): void;
  /** Mutes or unmutes every guest in the conference. */
  muteGuests(muted: boolean, callId: string): void;
  /** Tells observers and the usage log that a participant locked or unlocked the meeting. */
  recordLock(locked: boolean, callId: string): void;
  /** The instance is over: observers and the usage log are told, the conference is destroyed. */
  end(callId: string): void;
}

/** Events a room flow receives from its instance. */
export const ROOM_EVENTS = {
  ARRIVE: 'A caller was admitted by their entry flow and asks to come in (`admit` or `refuse` must answer).',
  HOST_JOINED: 'A host is now in the conference.',
  HOST_GONE: 'A host who was in the conference has left the meeting.',
  LEFT: 'A participant has left the meeting (or a refused caller has gone).',
  TOGGLE_LOCK: "A participant's meeting flow asked to lock or unlock the meeting (toggleLock).",
  TOGGLE_GUEST_MUTE: "A participant's meeting flow asked to mute or unmute the guests (toggleGuestMute).",
  END_MEETING: "A participant's meeting flow ended the meeting for everyone (endMeeting).",
} as const;

export interface RoomActionDefinition {
  readonly description: string;
  readonly params?: z.ZodType;
  /** The context fields the action changes. */
  readonly update?: (context: RoomContext) => Partial<RoomContext>;
  /** What the action does to the instance, once the context has changed. */
  readonly run?: (services: RoomServices, callId: string, context: RoomContext) => void;
}

export interface RoomGuardDefinition {
  readonly description: string;
  readonly params?: z.ZodType;
  test(context: RoomContext, event: RoomEvent, params: unknown, settings: FlowSettings): boolean;
}

const delayParams = z.object({ name: z.string().min(1) }).strict();

export const ROOM_ACTIONS: Record<string, RoomActionDefinition> = {
  admit: {
    description: 'Lets the arriving caller in: their meeting flow starts.',
    run: (services, callId) => services.decide(callId, 'admit'),
  },
  refuse: {
    description: 'Refuses the arriving caller: they hear meeting.conference_full and are disconnected.',
    run: (services, callId) => services.decide(callId, 'refuse'),
  },
  releaseLobby: {
    description: 'Every guest waiting in the lobby receives RELEASE (and joins).',
    run: (services) => services.releaseLobby(),
  },
  lock: {
    description: 'Locks the meeting: new guests wait in the lobby.',
    update: () => ({ locked: true }),
    run: (services, callId) => services.recordLock(true, callId),
  },
  unlock: {
    description: 'Unlocks the meeting (the lobby is not let in by this alone: add releaseLobby).',
    update: () => ({ locked: false }),
    run: (services, callId) => services.recordLock(false, callId),
  },
  muteGuests: {
    description: 'Mutes every guest in the conference; guests joining later join muted.',
    update: () => ({ guestsMuted: true }),
    run: (services, callId) => services.muteGuests(true, callId),
  },
  unmuteGuests: {
    description: 'Unmutes every guest in the conference; guests joining later join unmuted.',
    update: () => ({ guestsMuted: false }),
    run: (services, callId) => services.muteGuests(false, callId),
  },
  tellHostLeft: {
    description: 'Every guest in the conference receives HOST_LEFT (their meeting flow warns them).',
    run: (services) => services.tellGuests('HOST_LEFT'),
  },
  endGuests: {
    description: 'Every guest in the conference receives GUESTS_ONLY_TIMEOUT (their meeting flow ends their call).',
    run: (services) => services.tellGuests('GUESTS_ONLY_TIMEOUT'),
  },
  endMeeting: {
    description: 'Every participant receives END_MEETING.',
    run: (services, callId) => services.endMeeting(callId),
  },
  playLeaveTone: {
    description: 'Plays meeting.leave_tone to everyone in the conference.',
    run: (services) => services.playLeaveTone(),
  },
  endInstance: {
    description: 'The instance is over: the usage log gets instance_ended and the conference is destroyed.',
    run: (services, callId) => services.end(callId),
  },
};

export const ROOM_GUARDS: Record<string, RoomGuardDefinition> = {
  full: {
    description: 'The room has a participant_limit and that many participants are in (lobby included).',
    test: ({ room, services }) =>
      room.participantLimit !== undefined && services.participants() >= room.participantLimit,
  },
  empty: {
    description: 'No participant is left (lobby included).',
    test: ({ services }) => services.participants() === 0,
  },
  hostPresent: {
    description: 'A host is in the conference.',
    test: ({ services }) => services.hostPresent(),
  },
  guestsPresent: {
    description: 'A guest is in the conference.',
    test: ({ services }) => services.guestsPresent(),
  },
  leftTheConference: {
    description:
      "LEFT: the participant who left was in the conference, others are still in it, and the meeting's tones are on (the meeting flow's `tones` setting).",
    test: ({ services }, event) =>
      event.fromConference === true && (services.hostPresent() || services.guestsPresent()) && services.tones(),
  },
  locked: {
    description: 'The meeting is locked.',
    test: (context) => context.locked,
  },
  guestsMuted: {
    description: 'The guests are muted.',
    test: (context) => context.guestsMuted,
  },
  noDelay: {
    description: "The duration setting `name` is 0 (as the room's own setting or the operator's may make it).",
    params: delayParams,
    test: (context, _event, params, settings) => {
      const { name } = parsed(delayParams, params);
      return (context.overrides[name] ?? settings.delays[name]) === 0;
    },
  },
};

/** How a room flow's final states end. */
export const ROOM_REASONS: Record<string, readonly string[]> = { ended: [] };
