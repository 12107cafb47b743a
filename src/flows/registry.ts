import { z } from 'zod';
import { parsed } from './parsed-params.js';
import { isRoom, pinRequired, roleForPin, type PinJudgement, type RouteResult } from '../directory/index.js';
import type { PromptRequest } from '../prompts/index.js';
import type { FlowContext } from './context.js';
import { addKey, hasCompleteEntry, takeEntry } from './digits.js';
import { TransferFailedError, type FlowServices } from './flow-services.js';
import type { FlowSettings } from './settings.js';

/** Events a flow receives from its call. */
export interface FlowEvent {
  readonly type: string;
  /** DTMF: the key pressed. */
  readonly digit?: string;
  /** xstate.done.actor.*: what the actor returned. */
  readonly output?: unknown;
  /** xstate.error.actor.*: why the actor failed. */
  readonly error?: unknown;
}

/** The events a flow may name in `on:` (besides XState's own `xstate.*` events). */
export const FLOW_EVENTS = {
  DTMF: 'The caller pressed a key (`event.digit`: 0-9, *, #, A-D).',
} as const;

interface Named {
  readonly description: string;
  /** Schema of `params` (for actions and guards) or `input` (for actors); none when it takes none. */
  readonly params?: z.ZodType;
}

/** A PIN entry was judged (never the digits): emitted by checkPin to the call running the flow. */
export interface PinChecked extends PinJudgement {
  readonly type: typeof PIN_CHECKED;
}

export const PIN_CHECKED = 'pin_checked';

/** What a flow emits to its call (`actor.on(type, handler)`). */
export type FlowEmitted = PinChecked;

export interface ActionDefinition extends Named {
  /** The context fields this action changes; `services` are the call's, absent outside a call. */
  update(
    context: FlowContext,
    event: FlowEvent,
    params: unknown,
    settings: FlowSettings,
    services?: FlowServices,
  ): Partial<FlowContext>;
  /** What the action tells the call (emitted to it), from the context before the action and the fields it changed. */
  emit?(context: FlowContext, changed: Partial<FlowContext>, services?: FlowServices): FlowEmitted;
}

export interface GuardDefinition extends Named {
  test(context: FlowContext, event: FlowEvent, params: unknown, settings: FlowSettings): boolean;
}

export interface ActorDefinition extends Named {
  run(input: unknown, services: FlowServices, signal: AbortSignal): Promise<unknown>;
  /** Prompt ids named in the input, so loaders can check them against the catalogue. */
  prompts?(input: unknown): readonly string[];
  /** The prompts named in the input with the values they are given, so loaders can check those too. */
  promptRequests?(input: unknown): readonly PromptRequest[];
}

const roleParams = z.object({ role: z.enum(['host', 'guest']) }).strict();
const valueParams = z
  .object({ value: z.string().regex(/^[0-9*#A-D]*$/, 'value must be keypad keys (0-9 * # A-D)') })
  .strict();
const maxParams = z
  .object({ max: z.number().int().min(1) })
  .strict()
  .optional();
/** A prompt id, or a composed prompt with its values: `{ id: pin.attempts_left, values: { attempts: $attemptsLeft } }`. */
const promptRequest = z.union([
  z.string().min(1),
  z
    .object({ id: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .strict(),
]);
const promptInput = z.object({ prompts: z.array(promptRequest).min(1) }).strict();
const numberInput = z.object({ number: z.string() }).strict();
const TRANSFER_RESULTS = ['bridged', 'referred', 'busy', 'no_answer', 'rejected', 'unavailable'] as const;
const resultParams = z.object({ result: z.enum(TRANSFER_RESULTS) }).strict();

export const ACTIONS: Record<string, ActionDefinition> = {
  bufferDigit: {
    description:
      'Adds the pressed key to the digit buffer (0-9 and #; * and A-D are dropped; a # right after a full-length entry is swallowed).',
    update: (context, event) =>
      event.type === 'DTMF' && typeof event.digit === 'string' ? addKey(context, event.digit) : {},
  },
  takeEntry: {
    description:
      'Takes the next entry from the buffer into `entry`: up to #, up to max_digits digits, or (after the inter-digit timeout) whatever digits there are.',
    update: (context, _event, _params, settings) => {
      const taken = takeEntry(context, settings.maxDigits);
      const anyInput = context.anyInput || taken.entry !== '' || taken.endedBy === 'hash';
      return { entry: taken.entry, buffer: taken.buffer, swallowHash: taken.swallowHash, anyInput };
    },
  },
  clearBuffer: {
    description: 'Drops every key typed ahead.',
    update: () => ({ buffer: '', swallowHash: false }),
  },
  checkPin: {
    description:
      'Sets `role` to what the entry grants in this room under its PIN rules (host PIN, guest PIN, or # when guests need none), or clears it. While PIN entry is blocked for the caller (abuse resistance), every entry is wrong.',
    update: (context, _event, _params, _settings, services) => {
      const refused = pinEntryRefused(services);
      return {
        role: refused || !isRoom(context.service) ? null : (roleForPin(context.service, context.entry) ?? null),
      };
    },
    emit: (context, changed, services) => ({
      type: PIN_CHECKED,
      good: (changed.role ?? null) !== null,
      empty: context.entry === '',
      refused: pinEntryRefused(services),
    }),
  },
  setRole: {
    description: 'Grants the caller a role.',
    params: roleParams,
    update: (_context, _event, params) => ({ role: parsed(roleParams, params).role }),
  },
  useAttempt: {
    description: 'Counts one attempt used (a wrong entry or a timeout).',
    update: (context) => ({ attempts: context.attempts + 1 }),
  },
  setTarget: {
    description: 'Keeps the room found by `lookupRoom` (use on its onDone).',
    update: (_context, event) => {
      const result = event.output as RouteResult | undefined;
      return result && 'room' in result ? { target: result.room } : {};
    },
  },
};

/** Whether the call's abuse guard refuses every PIN entry now. */
function pinEntryRefused(services: FlowServices | undefined): boolean {
  return services?.pinEntryRefused?.() === true;
}

export const GUARDS: Record<string, GuardDefinition> = {
  noPinRequired: {
    description: 'The room has no PIN: everyone joins at once as host.',
    test: (context) => isRoom(context.service) && !pinRequired(context.service),
  },
  isHandOff: {
    description: 'The caller was handed over by a reception (the call is already up).',
    test: (context) => context.handOff,
  },
  hasBufferedDigits: {
    description: 'Keys typed ahead are waiting in the buffer.',
    test: (context) => context.buffer.length > 0,
  },
  entryComplete: {
    description: 'The buffer holds a complete entry (ended by # or by max_digits).',
    test: (context, _event, _params, settings) => hasCompleteEntry(context.buffer, settings.maxDigits),
  },
  entryIs: {
    description: 'The last entry is exactly `value` (for menus: "press 0 for help" is an entry of "0").',
    params: valueParams,
    test: (context, _event, params) => context.entry === parsed(valueParams, params).value,
  },
  keyIs: {
    description: 'The key just pressed is `value` (use on a DTMF transition).',
    params: valueParams,
    test: (_context, event, params) => event.type === 'DTMF' && event.digit === parsed(valueParams, params).value,
  },
  isEntryKey: {
    description:
      'The key just pressed goes into the entry: 0-9 or #, and not a # swallowed after a full-length entry (use on a DTMF transition).',
    test: (context, event) =>
      event.type === 'DTMF' && /^[0-9#]$/.test(event.digit ?? '') && !(context.swallowHash && event.digit === '#'),
  },
  guestsNeedNoPin: {
    description: 'The room admits guests who just press # (guests allowed, no guest PIN).',
    test: (context) => isRoom(context.service) && context.service.allowGuests && context.service.guestPin === undefined,
  },
  roleGranted: {
    description: 'checkPin granted a role.',
    test: (context) => context.role !== null,
  },
  attemptsExhausted: {
    description: 'All attempts are used (`max`, default the max_attempts setting).',
    params: maxParams,
    test: (context, _event, params, settings) =>
      context.attempts >= (parsed(maxParams, params)?.max ?? settings.maxAttempts),
  },
  anyInput: {
    description: 'The caller has entered something (a bare # counts), as opposed to only timing out.',
    test: (context) => context.anyInput,
  },
  transferResultIs: {
    description: `How transferCall ended is \`result\` (use on its onDone or onError): ${TRANSFER_RESULTS.join(', ')}.`,
    params: resultParams,
    test: (_context, event, params) => {
      const ended = (event.output ?? event.error) as { result?: unknown } | undefined;
      return ended?.result === parsed(resultParams, params).result;
    },
  },
  roomFound: {
    description: 'lookupRoom found a room (use on its onDone).',
    test: (_context, event) => {
      const result = event.output as RouteResult | undefined;
      return !!result && 'room' in result;
    },
  },
};

export const ACTORS: Record<string, ActorDefinition> = {
  playPrompts: {
    description:
      'Plays prompts in order, then is done. Leaving the state stops them (barge-in). A prompt composed with values is written { id, values }, values may be $references.',
    params: promptInput,
    run: async (input, services, signal) => services.playPrompts(parsed(promptInput, input).prompts, signal),
    prompts: (input) =>
      (promptInput.safeParse(input).data?.prompts ?? []).map((request) =>
        typeof request === 'string' ? request : request.id,
      ),
    promptRequests: (input) => promptInput.safeParse(input).data?.prompts ?? [],
  },
  lookupRoom: {
    description:
      'Finds the room for a number keyed at a reception (its match/replace, then the directory; never a reception). Done with the result; test it with roomFound.',
    params: numberInput,
    run: async (input, services, signal) => services.routeNumber(parsed(numberInput, input).number, signal),
  },
  transferCall: {
    description:
      "Transfers the admitted caller to the room's target (a room hosted elsewhere: bridge or REFER, as the services file says). Done once the target took the caller (output.result bridged or referred); error when it is busy, does not answer within ring_timeout or rejects (error.result busy, no_answer, rejected; error.status the SIP status).",
    run: async (_input, services, signal) => {
      if (!services.transferCall) throw new TransferFailedError('unavailable');
      return services.transferCall(signal);
    },
  },
};

/** Names a flow may use, by kind. */
export const REGISTRY = { actions: ACTIONS, guards: GUARDS, actors: ACTORS } as const;
