import { assign, createActor, fromPromise, setup, type SnapshotFrom } from 'xstate';
import type { CallChannel } from '../src/calls/index.js';
import { sameDigits, type Role } from '../src/directory/index.js';
import type { PromptRef } from '../src/prompts/index.js';
import type { IvrEnd, LoadAppFactory, LoadCallEnd } from './load-app.js';
import type { LoadDirectory, LoadRoom } from './load-directory.js';

/** The shipped flows' settings (flows/virtual-reception.yaml, flows/pin-entry.yaml), in ms and keys. */
const ANSWER_DELAY_MS = 2000;
const FIRST_DIGIT_TIMEOUT_MS = 10_000;
const INTER_DIGIT_TIMEOUT_MS = 5000;
const MAX_DIGITS = 20;
const MAX_ATTEMPTS = 3;

/** Every prompt the call may play, resolved once from the catalogue as a bare app would have its files. */
interface BarePrompts {
  readonly enterNumber: readonly PromptRef[];
  readonly numberInvalid: readonly PromptRef[];
  readonly numberInvalidFinal: readonly PromptRef[];
  readonly numberNoInput: readonly PromptRef[];
  readonly pleaseHold: readonly PromptRef[];
  readonly enterPin: readonly PromptRef[];
  /** "Wrong PIN, you have N attempts left", by attempts left. */
  readonly pinInvalid: readonly (readonly PromptRef[])[];
  readonly pinInvalidFinal: readonly PromptRef[];
  readonly pinNoInput: readonly PromptRef[];
}

function barePrompts(directory: LoadDirectory): BarePrompts {
  const { catalogue, voice } = directory.bundle;
  const say = (id: string) => catalogue.sequence([id], voice);
  return {
    enterNumber: say('reception.enter_number'),
    numberInvalid: say('reception.invalid'),
    numberInvalidFinal: say('reception.invalid_final'),
    numberNoInput: say('reception.no_input'),
    pleaseHold: say('reception.please_hold'),
    enterPin: say('pin.enter'),
    pinInvalid: Array.from({ length: MAX_ATTEMPTS }, (_, left) =>
      catalogue.sequence(['pin.invalid', { id: 'pin.attempts_left', values: { attempts: left } }], voice),
    ),
    pinInvalidFinal: say('pin.invalid_final'),
    pinNoInput: say('pin.no_input'),
  };
}

interface BareInput {
  readonly channel: CallChannel;
  readonly prompts: BarePrompts;
  readonly rooms: ReadonlyMap<string, LoadRoom>;
}

interface BareContext extends BareInput {
  /** Keys pressed and not yet used, '#' included. */
  keys: string;
  /** The last complete entry, without its '#'. */
  entry: string;
  attempts: number;
  room: LoadRoom | undefined;
  role: Role | null;
}

type BareEvent = { type: 'KEY'; key: string } | { type: 'HANGUP' };

const entryComplete = ({ context }: { context: BareContext }) =>
  context.keys.includes('#') || context.keys.length >= MAX_DIGITS;
const onKey = { KEY: { target: 'collecting', actions: 'buffer' } } as const;
/** Collecting an entry: it ends at '#', at the inter-digit timeout, or at the most digits. */
const collecting = (then: string) =>
  ({
    always: { guard: 'entryComplete', target: then },
    after: { [INTER_DIGIT_TIMEOUT_MS]: then },
    on: { KEY: { target: 'collecting', reenter: true, actions: 'buffer' } },
  }) as const;
/** Plays prompts picked from the call's context, then goes to `onDone`; stopped (cut short) when the state is left. */
const saying = (pick: (context: BareContext) => readonly PromptRef[], onDone: string) => ({
  src: 'play' as const,
  input: ({ context }: { context: BareContext }) => ({ channel: context.channel, prompts: pick(context) }),
  onDone,
});

/**
 * The same call as Foyer's shipped reception and PIN entry (the caller keys a room number, hears
 * "please hold", keys the room's PIN, joins as host or guest; wrong entries and timeouts use
 * attempts; keys barge in on prompts and typed-ahead keys count), as one hand-written XState 5
 * machine with no Foyer flows, session or meetings: the floor of what the same logic costs.
 */
const bareCall = setup({
  types: { context: {} as BareContext, events: {} as BareEvent, input: {} as BareInput },
  actors: {
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a play's promise has no value: the actor's output is void
    play: fromPromise<void, { channel: CallChannel; prompts: readonly PromptRef[] }>(({ input, signal }) =>
      input.channel.play(input.prompts, signal),
    ),
  },
  guards: {
    entryComplete,
    hasKeys: ({ context }) => context.keys.length > 0,
    roomFound: ({ context }) => context.rooms.has(context.entry),
    admitted: ({ context }) => context.role !== null,
    attemptsExhausted: ({ context }) => context.attempts >= MAX_ATTEMPTS,
  },
  actions: {
    buffer: assign({ keys: ({ context, event }) => (event.type === 'KEY' ? context.keys + event.key : context.keys) }),
    takeEntry: assign(({ context }) => {
      const end = context.keys.indexOf('#');
      return end < 0
        ? { entry: context.keys, keys: '' }
        : { entry: context.keys.slice(0, end), keys: context.keys.slice(end + 1) };
    }),
    useAttempt: assign({ attempts: ({ context }) => context.attempts + 1 }),
    enterRoom: assign({ room: ({ context }) => context.rooms.get(context.entry), attempts: 0 }),
    checkPin: assign({
      role: ({ context }) => {
        const room = context.room!;
        const host = sameDigits(context.entry, room.hostPin);
        const guest = sameDigits(context.entry, room.guestPin);
        return host ? 'host' : guest ? 'guest' : null;
      },
    }),
  },
}).createMachine({
  id: 'bare',
  context: ({ input }) => ({ ...input, keys: '', entry: '', attempts: 0, room: undefined, role: null }),
  initial: 'reception',
  on: { KEY: { actions: 'buffer' }, HANGUP: '.hungUp' },
  states: {
    reception: {
      initial: 'settling',
      states: {
        settling: { after: { [ANSWER_DELAY_MS]: 'asking' }, on: onKey },
        asking: {
          invoke: saying((context) => context.prompts.enterNumber, 'waiting'),
          on: onKey,
        },
        askingAgain: {
          invoke: saying((context) => context.prompts.numberInvalid, 'waiting'),
          on: onKey,
        },
        waiting: { after: { [FIRST_DIGIT_TIMEOUT_MS]: 'timedOut' }, on: onKey },
        collecting: collecting('lookup'),
        lookup: {
          entry: 'takeEntry',
          always: [{ guard: 'roomFound', target: '#bare.holding', actions: 'enterRoom' }, { target: 'notFound' }],
        },
        notFound: {
          entry: 'useAttempt',
          always: [
            { guard: 'attemptsExhausted', target: '#bare.sayingNumberInvalid' },
            { guard: 'hasKeys', target: 'collecting' },
            { target: 'askingAgain' },
          ],
        },
        timedOut: {
          entry: 'useAttempt',
          always: [{ guard: 'attemptsExhausted', target: '#bare.sayingNumberNoInput' }, { target: 'asking' }],
        },
      },
    },
    holding: {
      invoke: saying((context) => context.prompts.pleaseHold, 'pin'),
    },
    pin: {
      initial: 'start',
      states: {
        start: { always: [{ guard: 'hasKeys', target: 'collecting' }, { target: 'asking' }] },
        asking: {
          invoke: saying((context) => context.prompts.enterPin, 'waiting'),
          on: onKey,
        },
        retrying: {
          invoke: saying((context) => context.prompts.pinInvalid[MAX_ATTEMPTS - context.attempts]!, 'waiting'),
          on: onKey,
        },
        waiting: { after: { [FIRST_DIGIT_TIMEOUT_MS]: 'timedOut' }, on: onKey },
        collecting: collecting('checking'),
        checking: {
          entry: ['takeEntry', 'checkPin'],
          always: [{ guard: 'admitted', target: '#bare.joined' }, { target: 'wrong' }],
        },
        wrong: {
          entry: 'useAttempt',
          always: [
            { guard: 'attemptsExhausted', target: '#bare.sayingPinInvalid' },
            { guard: 'hasKeys', target: 'collecting' },
            { target: 'retrying' },
          ],
        },
        timedOut: {
          entry: 'useAttempt',
          always: [{ guard: 'attemptsExhausted', target: '#bare.sayingPinNoInput' }, { target: 'asking' }],
        },
      },
    },
    sayingNumberInvalid: {
      invoke: saying((context) => context.prompts.numberInvalidFinal, 'numberInvalid'),
    },
    sayingNumberNoInput: {
      invoke: saying((context) => context.prompts.numberNoInput, 'numberNoInput'),
    },
    sayingPinInvalid: {
      invoke: saying((context) => context.prompts.pinInvalidFinal, 'pinInvalid'),
    },
    sayingPinNoInput: {
      invoke: saying((context) => context.prompts.pinNoInput, 'pinNoInput'),
    },
    joined: { type: 'final' },
    numberInvalid: { type: 'final' },
    numberNoInput: { type: 'final' },
    pinInvalid: { type: 'final' },
    pinNoInput: { type: 'final' },
    hungUp: { type: 'final' },
  },
});

/** How the IVR ends in each final state, as Foyer's flows say it. */
const ENDS: Readonly<Record<string, Omit<IvrEnd, 'role'>>> = {
  joined: { outcome: 'joined', reason: 'admitted' },
  numberInvalid: { outcome: 'disconnected', reason: 'number_invalid' },
  numberNoInput: { outcome: 'disconnected', reason: 'number_no_input' },
  pinInvalid: { outcome: 'disconnected', reason: 'pin_invalid' },
  pinNoInput: { outcome: 'disconnected', reason: 'pin_no_input' },
  hungUp: { outcome: 'hangup', reason: 'caller_hangup' },
};

/**
 * The bare app: answers, runs the machine with the channel's keys and hangup as its events and
 * the run's clock as its timers, joins the room's conference as host (moderator) or guest (muted),
 * and waits for the caller to hang up; it hangs up itself when the machine disconnects.
 */
export const bareXStateApp: LoadAppFactory = (_settings, directory, clock) => {
  const prompts = barePrompts(directory);
  const rooms = new Map(directory.rooms.map((room) => [room.number, room]));
  return {
    usageRecords: 0,
    close: () => Promise.resolve(),
    async handle(call, ivrEnded): Promise<LoadCallEnd> {
      const channel = await call.answer();
      const actor = createActor(bareCall, { input: { channel, prompts, rooms }, clock });
      const gone = new Promise<void>((resolve) => {
        const off = channel.on('hangup', () => {
          off();
          resolve();
        });
      });
      const offKey = channel.on('dtmf', (key) => actor.send({ type: 'KEY', key }));
      const offHangup = channel.on('hangup', () => actor.send({ type: 'HANGUP' }));
      const final = await new Promise<SnapshotFrom<typeof bareCall>>((resolve, reject) => {
        actor.subscribe({
          next: (snapshot) => {
            if (snapshot.status === 'done') resolve(snapshot);
          },
          error: reject,
        });
        actor.start();
      });
      offKey();
      offHangup();
      const end = ENDS[final.value as string]!;
      const { role, room } = final.context;
      ivrEnded({ ...end, role: end.outcome === 'joined' ? role : null });
      if (end.outcome === 'joined' && room) {
        await channel.join(room.number, { moderator: role === 'host', muted: role === 'guest' });
        await gone;
        return { outcome: 'hangup', reason: 'caller_hangup', admitted: true };
      }
      if (end.outcome === 'hangup') return { outcome: 'hangup', reason: 'caller_hangup', admitted: false };
      await channel.hangup();
      return { outcome: end.outcome, reason: end.reason, admitted: false };
    },
  };
};
