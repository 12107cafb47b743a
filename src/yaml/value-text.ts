/**
 * A value from a designer's file as it reads in a message: a string as is, anything else as JSON
 * (`3`, `true`, `null`, `{"a":1}`), so a mapping never shows as `[object Object]`.
 */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  // JSON.stringify answers undefined (whatever its type says) for undefined; YAML has no functions or symbols.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? 'undefined';
}
