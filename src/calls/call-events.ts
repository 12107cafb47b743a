import type { CallEnd } from './outcome.js';

/** What a call did, in order: the simulator prints these, tests assert on them. */
export type CallEvent =
  /** A prompt started; a composed prompt ("You have two attempts left.") is one event, with the ids of its parts. */
  | { readonly type: 'prompt'; readonly id: string; readonly text: string; readonly parts?: readonly string[] }
  /** `digit` is `x` unless the key is part of a non-secret entry (a room number). */
  | { readonly type: 'dtmf'; readonly digit: string }
  | { readonly type: 'state'; readonly flow: string; readonly state: string }
  /** A PIN entry was judged: never the digits, only whether it admitted, whether it was empty, and whether a block refused it. */
  | {
      readonly type: 'pin_attempt';
      readonly service: string;
      readonly good: boolean;
      readonly empty: boolean;
      readonly blocked: boolean;
    }
  | ({ readonly type: 'end' } & CallEnd);

export type CallObserver = (event: CallEvent) => void;
