/** `{a: {b: 'c'}}` as `a.b.c`; a plain string as itself. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? [];
    return key === undefined
      ? ''
      : child === undefined || (typeof child === 'object' && Object.keys(child as object).length === 0)
        ? key
        : `${key}.${stateName(child)}`;
  }
  return '';
}
