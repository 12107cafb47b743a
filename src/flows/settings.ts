import { parseDuration } from '../time/index.js';

/** A flow's `settings:` block, read once when the flow loads. */
export interface FlowSettings {
  /** Every setting as written. */
  readonly values: Readonly<Record<string, string | number | boolean>>;
  /** Settings written as durations (`10s`), in milliseconds: these are the flow's named delays. */
  readonly delays: Readonly<Record<string, number>>;
  readonly maxDigits: number;
  readonly maxAttempts: number;
}

export const DEFAULT_MAX_DIGITS = 20;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Settings the named pieces read, with what they must be. */
export const KNOWN_SETTINGS: Record<string, string> = {
  max_digits: 'longest entry, in digits (1-20; default 20)',
  max_attempts: 'attempts before the caller is disconnected (default 3)',
};

const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h)$/;

export function isDurationText(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value.trim());
}

/**
 * A flow's duration settings as XState delays, each giving way to the value of the same name in
 * the context's `overrides` (a room's own timeouts, the operator's).
 */
export function overridableDelays(
  settings: FlowSettings,
): Record<string, (args: { context: { readonly overrides: Readonly<Record<string, number | boolean>> } }) => number> {
  return Object.fromEntries(
    Object.entries(settings.delays).map(([key, ms]) => [
      key,
      ({ context }) => {
        const override = context.overrides[key];
        return typeof override === 'number' ? override : ms;
      },
    ]),
  );
}

export function readSettings(values: Record<string, string | number | boolean>): FlowSettings {
  const delays: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    const ms = isDurationText(value) ? parseDuration(value) : undefined;
    if (ms !== undefined) delays[name] = ms;
  }
  return {
    values,
    delays,
    maxDigits: typeof values.max_digits === 'number' ? values.max_digits : DEFAULT_MAX_DIGITS,
    maxAttempts: typeof values.max_attempts === 'number' ? values.max_attempts : DEFAULT_MAX_ATTEMPTS,
  };
}
