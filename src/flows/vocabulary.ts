import type { z } from 'zod';
import type { PromptRequest } from '../prompts/index.js';
import { INPUT_FIELDS } from './context.js';
import { flowKind, type FlowKind } from './flow-kind.js';
import {
  MEETING_ACTIONS,
  MEETING_ACTORS,
  MEETING_EVENTS,
  MEETING_GUARDS,
  MEETING_REASONS,
} from './meeting-registry.js';
import { FLOW_REASONS } from './outcomes.js';
import { ACTIONS, ACTORS, FLOW_EVENTS, GUARDS } from './registry.js';
import { ROOM_ACTIONS, ROOM_EVENTS, ROOM_GUARDS, ROOM_REASONS } from './room-registry.js';

type Raw = Record<string, unknown>;

/** A named piece as the checks see it. */
export interface NamedPiece {
  readonly description: string;
  readonly params?: z.ZodType;
  /** Prompt ids named in its params (actions) or input (actors). */
  prompts?(params: unknown): readonly string[];
  promptRequests?(input: unknown): readonly PromptRequest[];
}

/** The names a flow of one kind may use, and how its final states end. */
export interface Vocabulary {
  readonly actions: Readonly<Record<string, NamedPiece>>;
  readonly guards: Readonly<Record<string, NamedPiece>>;
  readonly actors: Readonly<Record<string, NamedPiece>>;
  readonly events: Readonly<Record<string, string>>;
  /** `$name` references an actor's input may use, with a sample value of the right type. */
  readonly inputSamples: Readonly<Record<string, unknown>>;
  /** Outcomes of final states and the reasons each takes. */
  readonly reasons: Readonly<Record<string, readonly string[]>>;
}

const IVR_SAMPLES: Record<string, unknown> = { entry: '', attempts: 0, buffer: '', role: 'host', attemptsLeft: 1 };

/** Entry flows: receptions and PIN entry (everything before admission). */
export const IVR_VOCABULARY: Vocabulary = {
  actions: ACTIONS,
  guards: GUARDS,
  actors: ACTORS,
  events: FLOW_EVENTS,
  inputSamples: Object.fromEntries(INPUT_FIELDS.map((field) => [field, IVR_SAMPLES[field] ?? ''])),
  reasons: FLOW_REASONS,
};

/** Meeting flows: a participant's life after admission. */
export const MEETING_VOCABULARY: Vocabulary = {
  actions: MEETING_ACTIONS,
  guards: MEETING_GUARDS,
  actors: MEETING_ACTORS,
  events: MEETING_EVENTS,
  inputSamples: {},
  reasons: { left: MEETING_REASONS },
};

/** Room flows: a room's conference instance, which its participants share. */
export const ROOM_VOCABULARY: Vocabulary = {
  actions: ROOM_ACTIONS,
  guards: ROOM_GUARDS,
  actors: {},
  events: ROOM_EVENTS,
  inputSamples: {},
  reasons: ROOM_REASONS,
};

export function vocabularyFor(kind: FlowKind | undefined): Vocabulary {
  if (kind === 'meeting') return MEETING_VOCABULARY;
  return kind === 'instance' ? ROOM_VOCABULARY : IVR_VOCABULARY;
}

/** The vocabulary of a flow as written (validated or not), from how its final states end. */
export function vocabularyOf(config: Readonly<Raw>): Vocabulary {
  return vocabularyFor(flowKind(config));
}
