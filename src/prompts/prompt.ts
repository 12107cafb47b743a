/** A prompt resolved for one call: what to play and what it says. */
export interface PromptRef {
  readonly id: string;
  readonly text: string;
  /** The theme and language it was found in (after fallback). */
  readonly theme: string;
  readonly language: string;
  /** Path of the audio relative to the prompts folder, for example `base/en-US/pin.enter.wav`. */
  readonly file: string;
  /** How long it plays, in milliseconds (from the audio when there is one, else estimated from the text). */
  readonly durationMs: number;
  /** Set when this is one part of a prompt composed with values ("You have" "two" "attempts left."). */
  readonly composed?: ComposedPart;
}

/** Where a part belongs: the whole composed prompt, and which of its parts this is. */
export interface ComposedPart {
  /** The message's id, for example `pin.attempts_left`. */
  readonly id: string;
  /** The whole message as the caller hears it, for example "You have two attempts left." */
  readonly text: string;
  /** The ids of every part, in order. */
  readonly parts: readonly string[];
  readonly index: number;
}

/** Which theme and language a call hears. */
export interface Voice {
  readonly theme: string;
  readonly language: string;
}

/** Values a composed prompt is said with: numbers (attempts, participants) or digit strings (an entered number). */
export type PromptValues = Readonly<Record<string, string | number>>;

/**
 * What a flow or the meetings layer asks to play: a prompt id, or a composed prompt's id with
 * its values (`{ id: pin.attempts_left, values: { attempts: 2 } }`).
 */
export type PromptRequest = string | { readonly id: string; readonly values?: PromptValues | undefined };
