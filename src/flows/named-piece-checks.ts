import type { z } from 'zod';
import type { PromptRequest } from '../prompts/index.js';
import { didYouMean, isObject, valueText } from '../yaml/index.js';
import type { NamedPiece, Vocabulary } from './vocabulary.js';

type Path = (string | number)[];
type Raw = Record<string, unknown>;

/** What the checks need besides the file: which prompt ids exist. */
export interface ValidationContext {
  readonly hasPrompt: (id: string) => boolean;
  readonly promptsWhere: string;
  /** The values a composed prompt takes (undefined for a plain prompt), to check what flows pass it. */
  readonly promptArguments?: (id: string) => readonly string[] | undefined;
}

/**
 * The checks of a flow's named pieces: each action, guard and invoked actor is one the flow's
 * kind knows, with params (or input) its schema accepts, prompts in the catalogue and the values
 * composed prompts take.
 */
export class NamedPieceChecks {
  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly context: ValidationContext,
    private readonly error: (path: Path, message: string) => void,
  ) {}

  actions(value: unknown, path: Path): void {
    if (value === undefined) return;
    const list = Array.isArray(value) ? value : [value];
    list.forEach((action, index) => {
      const at = Array.isArray(value) ? [...path, index] : path;
      this.named(action, at, 'action', this.vocabulary.actions);
    });
  }

  guard(value: unknown, path: Path): void {
    this.named(value, path, 'guard', this.vocabulary.guards);
  }

  private named(value: unknown, path: Path, kind: string, known: Readonly<Record<string, NamedPiece>>): void {
    const name = typeof value === 'string' ? value : isObject(value) ? value.type : undefined;
    if (typeof name !== 'string') {
      this.error(path, `${kind} must be a name or { type: name, params: {...} }`);
      return;
    }
    const definition = known[name];
    if (!definition) {
      const hint = didYouMean(name, Object.keys(known)) || `; known ${kind}s: ${Object.keys(known).join(', ')}`;
      this.error(path, `unknown ${kind} "${name}"${hint}`);
      return;
    }
    if (isObject(value))
      for (const key of Object.keys(value))
        if (key !== 'type' && key !== 'params') this.error([...path, key], `unknown field "${key}" in ${kind} ${name}`);
    const params = isObject(value) ? value.params : undefined;
    if (!definition.params) {
      if (params !== undefined) this.error([...path, 'params'], `${kind} ${name} takes no params`);
      return;
    }
    const result = definition.params.safeParse(params);
    if (!result.success)
      this.error(
        isObject(value) ? [...path, 'params'] : path,
        `${kind} ${name}: params ${describeIssues(result.error)}`,
      );
    for (const id of definition.prompts?.(params) ?? []) {
      if (!this.context.hasPrompt(id))
        this.error([...path, 'params'], `prompt "${id}" is not in the catalogue (${this.context.promptsWhere})`);
    }
  }

  /** An invoke's actor and its input (its id, fields and transitions are the structure's). */
  invoked(invoke: Raw, path: Path): void {
    const src = invoke.src;
    const actors = this.vocabulary.actors;
    const actor = typeof src === 'string' ? actors[src] : undefined;
    if (!actor) {
      this.error(
        [...path, 'src'],
        `unknown actor "${String(src)}"${didYouMean(String(src), Object.keys(actors)) || `; known actors: ${Object.keys(actors).join(', ')}`}`,
      );
    } else {
      const samples = this.vocabulary.inputSamples;
      const input = substituteSamples(invoke.input, samples, (field) =>
        this.error(
          [...path, 'input'],
          `unknown input reference $${field}; use one of ${
            Object.keys(samples)
              .map((f) => `$${f}`)
              .join(', ') || 'none'
          }`,
        ),
      );
      const result = actor.params?.safeParse(input);
      if (result && !result.success)
        this.error([...path, 'input'], `actor ${valueText(src)}: input ${describeIssues(result.error)}`);
      for (const id of actor.prompts?.(input) ?? []) {
        if (!this.context.hasPrompt(id))
          this.error([...path, 'input'], `prompt "${id}" is not in the catalogue (${this.context.promptsWhere})`);
      }
      for (const request of actor.promptRequests?.(input) ?? []) this.promptValues(request, [...path, 'input']);
    }
  }

  private promptValues(request: PromptRequest, path: Path): void {
    const id = typeof request === 'string' ? request : request.id;
    if (!this.context.promptArguments || !this.context.hasPrompt(id)) return;
    const expected = [...(this.context.promptArguments(id) ?? [])].sort();
    const given = Object.keys(typeof request === 'string' ? {} : (request.values ?? {})).sort();
    if (expected.join() === given.join()) return;
    const needs = expected.length
      ? `takes values ${expected.join(', ')}: write { id: ${id}, values: { ${expected.map((name) => `${name}: ...`).join(', ')} } }`
      : 'takes no values';
    this.error(path, `prompt "${id}" ${needs}${given.length ? ` (given ${given.join(', ')})` : ''}`);
  }
}

/** Replaces `$field` references with sample values of the right type, so schemas can check the input. */
function substituteSamples(
  input: unknown,
  samples: Readonly<Record<string, unknown>>,
  unknown: (field: string) => void,
): unknown {
  if (typeof input === 'string' && input.startsWith('$')) {
    const field = input.slice(1);
    if (!Object.hasOwn(samples, field)) unknown(field);
    return samples[field] ?? '';
  }
  if (Array.isArray(input)) return input.map((item) => substituteSamples(item, samples, unknown));
  if (isObject(input))
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, substituteSamples(value, samples, unknown)]),
    );
  return input;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
