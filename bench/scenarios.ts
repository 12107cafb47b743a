import type { CallOutcome } from '../src/calls/index.js';
import type { Role } from '../src/directory/index.js';
import type { LoadDirectory } from './load-directory.js';
import type { Random } from './random.js';

/**
 * What a benchmark caller does:
 * - `join`: reception, room number, the room's host or guest PIN, admitted; stays, hangs up.
 * - `retry`: as `join`, with one wrong PIN first.
 * - `wrong_pin`: three wrong PINs: Foyer says so and hangs up (`pin_invalid`).
 * - `hangup`: hangs up somewhere in the IVR (before the first prompt, during it, in the middle
 *   of the room number, during "please hold", in the middle of the PIN).
 */
export const SCENARIOS = ['join', 'retry', 'wrong_pin', 'hangup'] as const;
export type ScenarioKind = (typeof SCENARIOS)[number];

export type Mix = readonly (readonly [ScenarioKind, number])[];

export const DEFAULT_MIX = 'join=70,retry=10,wrong_pin=10,hangup=10';

/** `join=70,retry=10,...`: relative weights; scenarios left out do not run. */
export function parseMix(text: string): Mix {
  const mix = text.split(',').map((part) => {
    const [name, weight] = part.split('=').map((piece) => piece.trim());
    if (!SCENARIOS.includes(name as ScenarioKind))
      throw new Error(`--mix: unknown scenario "${name}"; use ${SCENARIOS.join(', ')}`);
    const value = Number(weight);
    if (!(Number.isFinite(value) && value >= 0)) throw new Error(`--mix: weight of ${name} must be a number >= 0`);
    return [name as ScenarioKind, value] as const;
  });
  if (mix.every(([, weight]) => weight === 0)) throw new Error('--mix: at least one scenario needs a weight above 0');
  return mix;
}

/** One entry a caller keys in answer to a prompt that asks for it. */
export interface Entry {
  readonly keys: string;
  /** From the start of the prompt to the first key (a key during the prompt barges in). */
  readonly thinkMs: number;
  /** Between consecutive keys. */
  readonly gapsMs: readonly number[];
}

export type HangupPoint =
  | { readonly after: 'answer'; readonly delayMs: number }
  | { readonly after: 'prompt'; readonly prompt: string; readonly delayMs: number }
  | { readonly after: 'keys'; readonly keys: number; readonly delayMs: number };

/** How the call must end, or the benchmark failed. */
export interface Expected {
  /** How the IVR ends (the session's result). */
  readonly ivr: { readonly outcome: CallOutcome; readonly reason: string; readonly role: Role | null };
  /** Whether the call ends admitted to the room (its `call_ended` record). */
  readonly admitted: boolean;
}

export interface CallScript {
  readonly kind: ScenarioKind;
  readonly to: string;
  readonly entries: readonly Entry[];
  readonly hangup?: HangupPoint;
  /** How long an admitted caller stays in the meeting before hanging up. */
  readonly holdMs: number;
  readonly expected: Expected;
}

export interface CallerTiming {
  /** Mean time in the meeting, ms (each caller stays between half and one and a half times this). */
  readonly holdMs: number;
  /** Share of admitted callers who use the guest PIN. */
  readonly guests: number;
}

const THINK_MS: readonly [number, number] = [300, 2500];
const GAP_MS: readonly [number, number] = [120, 350];

/** A caller for one call, drawn from `random`. */
export function scriptFor(random: Random, directory: LoadDirectory, mix: Mix, timing: CallerTiming): CallScript {
  const kind = random.pick(mix);
  const room = directory.rooms[random.below(directory.rooms.length)]!;
  const guest = random.next() < timing.guests;
  const pin = guest ? room.guestPin : room.hostPin;
  const role: Role = guest ? 'guest' : 'host';
  const entry = (keys: string): Entry => ({
    keys,
    thinkMs: random.between(THINK_MS[0], THINK_MS[1]),
    gapsMs: Array.from({ length: keys.length - 1 }, () => random.between(GAP_MS[0], GAP_MS[1])),
  });
  const wrong = () => {
    let keys = random.digits(6);
    while (keys === room.hostPin || keys === room.guestPin) keys = random.digits(6);
    return entry(`${keys}#`);
  };
  const holdMs = timing.holdMs * random.between(0.5, 1.5);
  const joined: Expected = { ivr: { outcome: 'joined', reason: 'admitted', role }, admitted: true };
  const base = { kind, to: directory.reception, holdMs };
  switch (kind) {
    case 'join':
      return { ...base, entries: [entry(`${room.number}#`), entry(`${pin}#`)], expected: joined };
    case 'retry':
      return { ...base, entries: [entry(`${room.number}#`), wrong(), entry(`${pin}#`)], expected: joined };
    case 'wrong_pin':
      return {
        ...base,
        entries: [entry(`${room.number}#`), wrong(), wrong(), wrong()],
        expected: { ivr: { outcome: 'disconnected', reason: 'pin_invalid', role: null }, admitted: false },
      };
    case 'hangup': {
      const points: HangupPoint[] = [
        { after: 'answer', delayMs: 1000 },
        { after: 'prompt', prompt: 'reception.enter_number', delayMs: 1000 },
        { after: 'keys', keys: 2, delayMs: 100 },
        { after: 'prompt', prompt: 'reception.please_hold', delayMs: 300 },
        { after: 'keys', keys: room.number.length + 3, delayMs: 100 },
      ];
      const hangup = points[random.below(points.length)]!;
      // Callers who hang up during the first prompt key nothing: they must not finish an entry first.
      const entries =
        hangup.after === 'answer' || (hangup.after === 'prompt' && hangup.prompt === 'reception.enter_number')
          ? []
          : [entry(`${room.number}#`), entry(`${pin}#`)];
      return {
        ...base,
        entries,
        hangup,
        expected: { ivr: { outcome: 'hangup', reason: 'caller_hangup', role: null }, admitted: false },
      };
    }
  }
}
