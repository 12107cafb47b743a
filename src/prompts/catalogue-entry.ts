import { isObject, type Problem, type YamlSource } from '../yaml/index.js';
import { isMessageText, MessageSyntaxError, messageUnits, parseMessage, type MessageNode } from './message-syntax.js';

/**
 * Generated (not spoken) audio: sox effect chains, each run on silence (`sox -n ... <effects>`)
 * and joined in order. For tones and hold music, whose licence is then ours.
 */
export interface SynthSpec {
  readonly segments: readonly string[];
  /** Peak level in dBFS after joining (default -6). */
  readonly level: number;
  /** How many times the joined segments play in the file (a loop of hold music). */
  readonly repeat: number;
}

/** One audio file a catalogue entry needs: the prompt itself, or one fragment of a composed message. */
export interface AudioUnit {
  /** The file name without `.wav`: the prompt id, or `<id>--<n>` for a message fragment. */
  readonly name: string;
  /** What it says (for a synthesised unit, the entry's description such as "(hold music)"). */
  readonly text: string;
  /** Speech to render; absent for synthesised units. */
  readonly speak?: string;
  readonly synth?: SynthSpec;
}

/** One prompt of one theme and language, as written in its catalogue. */
export interface PromptEntry {
  readonly id: string;
  readonly theme: string;
  readonly language: string;
  /** The text as written; for a composed prompt, its message. */
  readonly text: string;
  /** The catalogue file and line it is written on. */
  readonly source: { readonly file: string; readonly line: number };
  /** Set for a prompt composed with values. */
  readonly message?: readonly MessageNode[];
  readonly units: readonly AudioUnit[];
}

const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const DEFAULT_SYNTH_LEVEL = -6;

/**
 * Reads one `id: value` of a catalogue: a text, a message with values, or
 * `{ text, audio: { synth: [...], level } }` for generated audio. Problems go to `problems`.
 */
export function readEntry(
  source: YamlSource,
  where: { theme: string; language: string },
  id: string,
  value: unknown,
  problems: Problem[],
): PromptEntry | undefined {
  const path = ['prompts', id];
  const fail = (message: string): void => {
    problems.push({
      file: source.file,
      line: source.keyLineOf(path),
      message: `prompt "${id}": ${message}`,
      severity: 'error',
    });
  };
  if (!ID.test(id)) {
    fail('an id is dotted lower-case words, such as pin.enter');
    return undefined;
  }
  const raw = isObject(value) ? value : { text: value };
  for (const key of Object.keys(raw))
    if (key !== 'text' && key !== 'audio') {
      fail(`unknown field "${key}"; an entry has text and (for generated audio) audio`);
      return undefined;
    }
  if (typeof raw.text !== 'string' || raw.text.trim() === '') {
    fail('needs a text');
    return undefined;
  }
  const text = raw.text.trim();
  const base = { id, ...where, text, source: { file: source.file, line: source.keyLineOf(path) } };
  if (raw.audio !== undefined) {
    const synth = readSynth(raw.audio);
    if (typeof synth === 'string') {
      fail(synth);
      return undefined;
    }
    return { ...base, units: [{ name: id, text, synth }] };
  }
  if (isMessageText(text)) {
    try {
      const message = parseMessage(id, text);
      return {
        ...base,
        message,
        units: messageUnits(message).map(({ unit, text: fragment }) => ({
          name: unit,
          text: fragment,
          speak: fragment,
        })),
      };
    } catch (error) {
      if (error instanceof MessageSyntaxError) {
        fail(`${error.message} (at character ${error.offset + 1} of its text)`);
        return undefined;
      }
      throw error;
    }
  }
  return { ...base, units: [{ name: id, text, speak: text }] };
}

function readSynth(audio: unknown): SynthSpec | string {
  if (!isObject(audio) || audio.synth === undefined)
    return 'audio needs synth: a list of sox effect chains, such as ["synth 0.2 sine 660"]';
  for (const key of Object.keys(audio))
    if (!['synth', 'level', 'repeat'].includes(key))
      return `unknown field "audio.${key}"; audio has synth, level and repeat`;
  const segments = typeof audio.synth === 'string' ? [audio.synth] : audio.synth;
  if (
    !Array.isArray(segments) ||
    segments.length === 0 ||
    !segments.every((segment) => typeof segment === 'string' && /^\s*synth\b/.test(segment))
  ) {
    return 'audio.synth must be a list of sox effect chains, each starting with "synth", such as "synth 0.2 sine 660"';
  }
  if (audio.level !== undefined && (typeof audio.level !== 'number' || audio.level > 0))
    return 'audio.level is a peak level in dBFS, 0 or less (such as -12)';
  if (
    audio.repeat !== undefined &&
    !(Number.isInteger(audio.repeat) && (audio.repeat as number) >= 1 && (audio.repeat as number) <= 20)
  )
    return 'audio.repeat is how many times the segments play, 1 to 20';
  return {
    segments: segments.map((segment: string) => segment.trim().replace(/\s+/g, ' ')),
    level: audio.level ?? DEFAULT_SYNTH_LEVEL,
    repeat: (audio.repeat as number | undefined) ?? 1,
  };
}
