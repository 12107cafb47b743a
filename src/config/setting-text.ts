import { parseDuration } from '../time/duration.js';

/** `10s`, `500ms`, `1m` in milliseconds; a bare number is seconds, as elsewhere in the settings. */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return parseDuration(text);
}

/** A comma-separated list, as written in a flag or the environment. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
