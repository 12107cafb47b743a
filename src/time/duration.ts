const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/**
 * Reads a duration written by a person: `500ms`, `10s`, `1.5s`, `15m`, `1h`, or a bare number of
 * milliseconds. Returns undefined for anything else, so callers can say where the bad value was.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = PATTERN.exec(value.trim());
  const unitMs = UNITS[match?.[2] ?? ''];
  if (!match || unitMs === undefined) return undefined;
  return Math.round(Number(match[1]) * unitMs);
}
