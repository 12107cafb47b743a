/**
 * The parts every policy answer shares (`status`, `action`, `result`), as Pexip defines them.
 * `action: reject` rejects whatever else the answer says; an answer that is not a success, or
 * whose result is not an object, cannot be used; a success with no result and `action: continue`
 * hands the decision back to Foyer's own configuration.
 */
export type Envelope =
  | { readonly kind: 'reject' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'result'; readonly result: Record<string, unknown> }
  | { readonly kind: 'invalid'; readonly problem: string };

export function readEnvelope(json: unknown): Envelope {
  if (!isObject(json)) return { kind: 'invalid', problem: `the answer is ${describe(json)}, not a JSON object` };
  if (json.action === 'reject') return { kind: 'reject' };
  if (json.status !== 'success')
    return { kind: 'invalid', problem: `status is ${describe(json.status)}, not "success"` };
  const { result } = json;
  const empty = result === undefined || result === null || (isObject(result) && Object.keys(result).length === 0);
  if (empty && json.action === 'continue') return { kind: 'continue' };
  if (result === undefined || result === null)
    return {
      kind: 'invalid',
      problem: 'a success with no result (expected a result, or action "continue" or "reject")',
    };
  if (!isObject(result)) return { kind: 'invalid', problem: `result is ${describe(result)}, not an object` };
  return { kind: 'result', result };
}

/** A value from the server, described without repeating much of it (it could be anything). */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  return shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
