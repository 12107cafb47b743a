import type { Role, Room, Service } from '../directory/index.js';
import type { FlowSettings } from './settings.js';

/** What a flow starts with: the service it runs for, and what an earlier flow handed over. */
export interface FlowInput {
  readonly service: Service;
  /** The caller was handed over by a reception (the media is already up; no answer delay). */
  readonly handOff: boolean;
  /** Keys typed ahead before this flow started. */
  readonly buffer: string;
  readonly swallowHash: boolean;
}

/** The data every flow carries. Named actions and guards read and write it; flows never see code. */
export interface FlowContext {
  readonly service: Service;
  readonly handOff: boolean;
  readonly buffer: string;
  readonly swallowHash: boolean;
  /** The last entry taken from the buffer. */
  readonly entry: string;
  /** Attempts used so far (a wrong entry or a timeout each uses one). */
  readonly attempts: number;
  /** Whether the caller has entered anything at all (a bare `#` counts). */
  readonly anyInput: boolean;
  /** The role the caller has been granted. */
  readonly role: Role | null;
  /** The room a reception found for the caller. */
  readonly target: Room | null;
}

export function initialContext(input: FlowInput): FlowContext {
  return {
    service: input.service,
    handOff: input.handOff,
    buffer: input.buffer,
    swallowHash: input.swallowHash,
    entry: '',
    attempts: 0,
    anyInput: false,
    role: null,
    target: null,
  };
}

/**
 * What a flow may pass to an actor's input as `$name`: context fields, and values derived from
 * them and the flow's settings (so that a designer never does arithmetic in a flow).
 */
export const INPUT_REFERENCES: Readonly<Record<string, (context: FlowContext, settings: FlowSettings) => unknown>> = {
  entry: (context) => context.entry,
  attempts: (context) => context.attempts,
  buffer: (context) => context.buffer,
  role: (context) => context.role,
  /** Attempts the caller still has: max_attempts minus those used. */
  attemptsLeft: (context, settings) => Math.max(0, settings.maxAttempts - context.attempts),
};

export const INPUT_FIELDS = Object.keys(INPUT_REFERENCES);

/** How a flow ended (the static `output` of its final state plus what the context knows). */
export interface FlowResult {
  readonly outcome: 'joined' | 'disconnected' | 'handoff' | 'transferred';
  readonly reason?: string;
  readonly role: Role | null;
  readonly target: Room | null;
  readonly buffer: string;
  readonly swallowHash: boolean;
}
