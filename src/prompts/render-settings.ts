import { createHash } from 'node:crypto';
import type { Problem, YamlSource } from '../yaml/index.js';
import type { AudioUnit } from './catalogue-entry.js';

/** How one language's prompts are spoken by espeak-ng. */
export interface RenderVoice {
  /** espeak-ng voice name (`espeak-ng --voices`). */
  readonly espeak: string;
  /** Words per minute (espeak-ng's default is 175; prompts are a little slower). */
  readonly speed: number;
  /** 0-99, espeak-ng's default 50. */
  readonly pitch: number;
}

/** What every rendered file is: what FreeSWITCH plays without effort (it resamples as needed). */
export const AUDIO_FORMAT = { rate: 16_000, bits: 16, channels: 1 } as const;

/**
 * The sox processing after speech: trim silence at both ends (below 0.5% for 20 ms), normalise
 * the peak to -3 dBFS, end with 80 ms of silence so that parts of a composed prompt do not run
 * into each other. Part of every file's hash: changing it re-renders everything.
 */
export const SPEECH_EFFECTS = [
  'silence',
  '1',
  '0.02',
  '0.5%',
  'reverse',
  'silence',
  '1',
  '0.02',
  '0.5%',
  'reverse',
  'gain',
  '-n',
  '-3',
  'pad',
  '0',
  '0.08',
] as const;

const ESPEAK_VOICES: Record<string, string> = {
  'en-US': 'en-us',
  'en-GB': 'en-gb',
  'de-DE': 'de',
  'nb-NO': 'nb',
  'fr-FR': 'fr-fr',
  'es-ES': 'es',
  'sv-SE': 'sv',
  'da-DK': 'da',
  'nl-NL': 'nl',
};
const DEFAULT_SPEED = 150;
const DEFAULT_PITCH = 50;

/** The voice for a language: its catalogue's `voice:` block, else a known espeak-ng voice for the tag. */
export function readRenderVoice(source: YamlSource, raw: unknown, language: string, problems: Problem[]): RenderVoice {
  const fallback: RenderVoice = {
    espeak: ESPEAK_VOICES[language] ?? language.replace(/-.*$/s, '').toLowerCase(),
    speed: DEFAULT_SPEED,
    pitch: DEFAULT_PITCH,
  };
  if (raw === undefined) return fallback;
  const fail = (message: string) => {
    problems.push(source.problem(['voice'], `voice: ${message}`));
    return fallback;
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('expected a mapping such as { espeak: de, speed: 150, pitch: 50 }');
  const voice = raw as Record<string, unknown>;
  for (const key of Object.keys(voice))
    if (!['espeak', 'speed', 'pitch'].includes(key))
      return fail(`unknown field "${key}"; a voice has espeak, speed and pitch`);
  if (voice.espeak !== undefined && (typeof voice.espeak !== 'string' || !/^[A-Za-z0-9_+-]+$/.test(voice.espeak)))
    return fail('espeak must be an espeak-ng voice name, such as de or en-us+f3');
  if (
    voice.speed !== undefined &&
    !(Number.isInteger(voice.speed) && (voice.speed as number) >= 80 && (voice.speed as number) <= 300)
  )
    return fail('speed is words per minute, 80 to 300');
  if (
    voice.pitch !== undefined &&
    !(Number.isInteger(voice.pitch) && (voice.pitch as number) >= 0 && (voice.pitch as number) <= 99)
  )
    return fail('pitch is 0 to 99');
  return {
    espeak: voice.espeak ?? fallback.espeak,
    speed: (voice.speed as number | undefined) ?? fallback.speed,
    pitch: (voice.pitch as number | undefined) ?? fallback.pitch,
  };
}

/**
 * The hash of everything that decides a unit's audio: its text or synth chain, the voice, the
 * format and the processing. A file whose recorded hash differs from this is stale.
 */
export function unitHash(unit: AudioUnit, voice: RenderVoice): string {
  const recipe = unit.synth
    ? { synth: unit.synth.segments, level: unit.synth.level, repeat: unit.synth.repeat, format: AUDIO_FORMAT }
    : { speak: unit.speak, voice, effects: SPEECH_EFFECTS, format: AUDIO_FORMAT };
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 16);
}
