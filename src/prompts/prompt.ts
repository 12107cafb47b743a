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
}

/** Which theme and language a call hears. */
export interface Voice {
  readonly theme: string;
  readonly language: string;
}
