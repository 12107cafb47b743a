import { z } from 'zod';
import { parsed } from './parsed-params.js';
import type { Role, Room } from '../directory/index.js';
import type { PromptRequest } from '../prompts/index.js';
import type { FlowEvent } from './registry.js';
import type { FlowSettings } from './settings.js';

/** What a meeting flow starts with: one admitted caller. */
export interface MeetingInput {
  readonly role: Role;
  readonly room: Room;
  /**
   * Values that win over the flow's settings of the same name: a room's own timeouts, what the
   * operator configured (durations in ms).
   */
  readonly overrides: Readonly<Record<string, number | boolean>>;
  /** The participant's meeting, which guards ask and actions change. */
  readonly services: MeetingServices;
}

/** The data a meeting flow carries. The meeting itself (who else is there) is asked through MeetingServices. */
export type MeetingContext = MeetingInput;

/**
 * What a participant's meeting flow may ask of its meeting. The meetings layer implements it for
 * each participant over the conference; tests implement it however they like.
 */
export interface MeetingServices {
  /** The meeting's clock, in ms. */
  now(): number;
  /** A host is in the conference. */
  hostPresent(): boolean;
  /** The meeting is locked (guests wait until a host unlocks it). */
  locked(): boolean;
  /** Participants other than this one, lobby included, not on their way out. */
  others(): number;
  /** Participants in the conference other than this one. */
  othersInConference(): number;
  /** The caller is waiting in the lobby. */
  enterLobby(): void;
  /** Plays to the hosts in the conference (does not wait). */
  tellHosts(prompts: readonly PromptRequest[]): void;
  /** Plays to this participant (does not wait; a failure is logged). */
  say(prompts: readonly PromptRequest[]): void;
  /** Plays to this participant outside the conference; settles when played, given up or aborted. */
  play(prompts: readonly PromptRequest[], signal: AbortSignal): Promise<void>;
  /** Plays to everyone in the conference; settles when played or given up. */
  playToAll(prompts: readonly PromptRequest[]): Promise<void>;
  /** Puts this participant into the conference (muted when guests are muted); rejects when it cannot. */
  join(signal: AbortSignal): Promise<void>;
  /** Host keypad controls: the meeting's guests' mute, the lock, the end for all; the participant's own mute. */
  control(control: MeetingControl, prompts: ControlPrompts): void;
  /** The participant is on the way out: takes them out of the conference. */
  leave(): Promise<void>;
  /** Ends the call: plays the prompts, then hangs up (after leave). */
  hangup(prompts: readonly PromptRequest[]): Promise<void>;
}

export type MeetingControl = 'toggleGuestMute' | 'toggleSelfMute' | 'toggleLock' | 'endMeeting';

/** What the participant hears after a control: `on` once it is set (muted, locked), `off` once cleared. */
export interface ControlPrompts {
  readonly on: readonly PromptRequest[];
  readonly off: readonly PromptRequest[];
}

/** Events a meeting flow receives: from its caller, and from its meeting. */
export const MEETING_EVENTS = {
  DTMF: 'The caller pressed a key (`event.digit`: 0-9, *, #, A-D).',
  HANGUP: 'The caller hung up.',
  FAILURE: 'The call failed (media lost).',
  RELEASE: 'A host is in the conference and the meeting is not locked: a guest in the lobby may join.',
  HOST_LEFT: 'The last host left the conference (sent to the guests in it while guests may stay).',
  GUESTS_ONLY_TIMEOUT: 'Guests have been without a host for guests_only_timeout (sent to the guests in it).',
  END_MEETING: 'A host ended the meeting for everyone (sent to every participant).',
} as const;

interface Named {
  readonly description: string;
  readonly params?: z.ZodType;
  /** Prompt ids named in the params or input, so loaders can check them against the catalogue. */
  prompts?(params: unknown): readonly string[];
}

export interface MeetingActionDefinition extends Named {
  run(context: MeetingContext, event: FlowEvent, params: unknown): void;
}

export interface MeetingGuardDefinition extends Named {
  test(context: MeetingContext, event: FlowEvent, params: unknown, settings: FlowSettings): boolean;
}

export interface MeetingActorDefinition extends Named {
  run(input: unknown, services: MeetingServices, signal: AbortSignal): Promise<unknown>;
}

const promptRequest = z.union([
  z.string().min(1),
  z
    .object({ id: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .strict(),
]);
const prompts = z.array(promptRequest).min(1);
const promptParams = z.object({ prompts }).strict();
const controlParams = z.object({ on: prompts, off: prompts }).strict();
const endParams = z.object({}).strict().optional();
const keyParams = z
  .object({
    value: z.string().regex(/^[0-9*#A-D]$/, 'value must be one keypad key (0-9 * # A-D)'),
    role: z.enum(['host', 'guest']).optional(),
  })
  .strict();
const settingParams = z.object({ name: z.string().min(1) }).strict();
const optionalPromptInput = z.object({ prompts: prompts.optional() }).strict().optional();

const idsOf = (requests: readonly PromptRequest[] | undefined): string[] =>
  (requests ?? []).map((request) => (typeof request === 'string' ? request : request.id));

/** Prompts with `$others` (participants other than this one) replaced by its value. */
function withValues(requests: readonly PromptRequest[], services: MeetingServices): PromptRequest[] {
  return requests.map((request) => {
    if (typeof request === 'string' || !request.values) return request;
    const values = Object.fromEntries(
      Object.entries(request.values).map(([key, value]) => [key, value === '$others' ? services.others() : value]),
    );
    return { id: request.id, values };
  });
}

function control(name: MeetingControl, description: string): MeetingActionDefinition {
  return {
    description,
    params: controlParams,
    run: ({ services }, _event, params) => services.control(name, parsed(controlParams, params)),
    prompts: (params) => {
      const parsed = controlParams.safeParse(params).data;
      return [...idsOf(parsed?.on), ...idsOf(parsed?.off)];
    },
  };
}

export const MEETING_ACTIONS: Record<string, MeetingActionDefinition> = {
  enterLobby: {
    description: 'The caller waits in the lobby (the meeting tells its observers).',
    run: ({ services }) => services.enterLobby(),
  },
  say: {
    description:
      'Plays prompts to this participant without waiting (in the conference, to them alone). `$others` in a value is the number of other participants.',
    params: promptParams,
    run: ({ services }, _event, params) => services.say(withValues(parsed(promptParams, params).prompts, services)),
    prompts: (params) => idsOf(promptParams.safeParse(params).data?.prompts),
  },
  tellHosts: {
    description: 'Plays prompts to every host in the conference without waiting.',
    params: promptParams,
    run: ({ services }, _event, params) => services.tellHosts(parsed(promptParams, params).prompts),
    prompts: (params) => idsOf(promptParams.safeParse(params).data?.prompts),
  },
  toggleGuestMute: control(
    'toggleGuestMute',
    'Mutes every guest in the conference, or unmutes them; the participant hears `on` (muted) or `off`.',
  ),
  toggleSelfMute: control(
    'toggleSelfMute',
    'Mutes this participant, or unmutes them; they hear `on` (muted) or `off`.',
  ),
  toggleLock: control(
    'toggleLock',
    'Locks the meeting (new guests wait in the lobby), or unlocks it and lets the lobby in; the participant hears `on` (locked) or `off`.',
  ),
  endMeeting: {
    description: 'Ends the meeting for everyone: every participant receives END_MEETING.',
    params: endParams,
    run: ({ services }) => services.control('endMeeting', { on: [], off: [] }),
  },
};

export const MEETING_GUARDS: Record<string, MeetingGuardDefinition> = {
  isHost: {
    description: 'The participant is a host.',
    test: (context) => context.role === 'host',
  },
  hostPresent: {
    description: 'A host is in the conference.',
    test: ({ services }) => services.hostPresent(),
  },
  locked: {
    description: 'The meeting is locked.',
    test: ({ services }) => services.locked(),
  },
  alone: {
    description: 'No one else is in the meeting (lobby included).',
    test: ({ services }) => services.others() === 0,
  },
  othersInConference: {
    description: 'Someone else is in the conference.',
    test: ({ services }) => services.othersInConference() > 0,
  },
  keyIs: {
    description: 'The key just pressed is `value` (and, with `role`, the participant has that role).',
    params: keyParams,
    test: (context, event, params) => {
      const { value, role } = parsed(keyParams, params);
      return event.type === 'DTMF' && event.digit === value && (role === undefined || context.role === role);
    },
  },
  setting: {
    description: 'The flow setting `name` is true (settings such as tones: true turn rules on and off).',
    params: settingParams,
    test: (context, _event, params, settings) => {
      const { name } = parsed(settingParams, params);
      return (context.overrides[name] ?? settings.values[name]) === true;
    },
  },
};

export const MEETING_ACTORS: Record<string, MeetingActorDefinition> = {
  playPrompts: {
    description:
      'Plays prompts to the caller outside the conference, then is done (also when the playback fails or never ends). Leaving the state stops them.',
    params: promptParams,
    run: (input, services, signal) => services.play(parsed(promptParams, input).prompts, signal),
    prompts: (input) => idsOf(promptParams.safeParse(input).data?.prompts),
  },
  playLoop: {
    description:
      'Plays prompts again and again (hold music) until the state is left; stops early if a playback ends at once (a missing file).',
    params: promptParams,
    run: async (input, services, signal) => {
      const { prompts: music } = parsed(promptParams, input);
      while (!signal.aborted) {
        const started = services.now();
        await services.play(music, signal);
        // Music that ends at once (a failed or missing file) must not spin: the state's timers go on.
        if (services.now() === started) return;
      }
    },
    prompts: (input) => idsOf(promptParams.safeParse(input).data?.prompts),
  },
  playToAll: {
    description: 'Plays prompts to everyone in the conference (a join tone), then is done.',
    params: promptParams,
    run: (input, services) => services.playToAll(parsed(promptParams, input).prompts),
    prompts: (input) => idsOf(promptParams.safeParse(input).data?.prompts),
  },
  join: {
    description:
      'Puts the caller into the conference (a guest muted while guests are muted); fails when the media server cannot.',
    run: (_input, services, signal) => services.join(signal),
  },
  leave: {
    description: 'Takes the caller out of the conference (their call stays up), then is done.',
    run: (_input, services) => services.leave(),
  },
  hangup: {
    description: 'Plays prompts (optional) to the caller, then hangs up; done when the call is down.',
    params: optionalPromptInput,
    run: (input, services) => services.hangup(parsed(optionalPromptInput, input)?.prompts ?? []),
    prompts: (input) => idsOf(optionalPromptInput.safeParse(input).data?.prompts),
  },
};

/** Why a participant may leave, as a meeting flow's final states say. */
export const MEETING_REASONS = [
  'caller_hangup',
  'media_failure',
  'host_timeout',
  'guests_only_timeout',
  'ended_by_host',
] as const;
