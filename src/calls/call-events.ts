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
  /** A transfer to a room hosted elsewhere ended: the target without credentials, the method used, the result and SIP status. */
  | {
      readonly type: 'transfer';
      readonly service: string;
      readonly target: string;
      readonly method: 'bridge' | 'refer';
      readonly result: 'bridged' | 'referred' | 'busy' | 'no_answer' | 'rejected' | 'caller_gone';
      readonly status?: number;
      /** A rejected REFER fell back to bridge; `refer_status` is the REFER's status. */
      readonly fallback?: true;
      readonly refer_status?: number;
    }
  | ({ readonly type: 'end' } & CallEnd);

export type CallObserver = (event: CallEvent) => void;
