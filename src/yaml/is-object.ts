/**
 * Whether a parsed YAML or JSON value is a mapping (`key: value`), the shape every loader checks
 * before reading fields: not null, and not a list (which `typeof` also calls an object).
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
