/** A flow's state value as one dotted name: `{ lobby: { reminding: 'music' } }` is `lobby.reminding.music`. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const [first] = Object.entries(value);
  return first ? `${first[0]}.${stateName(first[1] as unknown)}` : '';
}
