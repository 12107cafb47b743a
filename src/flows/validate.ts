import type { z } from 'zod';
import type { PromptRequest } from '../prompts/index.js';
import { didYouMean, isObject, valueText, type Problem, type YamlSource } from '../yaml/index.js';
import { isDurationText, KNOWN_SETTINGS } from './settings.js';
import { vocabularyOf, type NamedPiece, type Vocabulary } from './vocabulary.js';

type Path = (string | number)[];
type Raw = Record<string, unknown>;

const ROOT_KEYS = new Set([
  'id',
  'description',
  'settings',
  'initial',
  'states',
  'on',
  'entry',
  'exit',
  'after',
  'always',
  'invoke',
  'tags',
]);
const STATE_KEYS = new Set([
  'type',
  'description',
  'initial',
  'states',
  'on',
  'entry',
  'exit',
  'after',
  'always',
  'invoke',
  'tags',
  'output',
  'meta',
]);
const TRANSITION_KEYS = new Set(['target', 'guard', 'actions', 'reenter', 'description']);
const INVOKE_KEYS = new Set(['id', 'src', 'input', 'onDone', 'onError', 'description']);

/** What the checks need besides the file: which prompt ids exist. */
export interface ValidationContext {
  readonly hasPrompt: (id: string) => boolean;
  readonly promptsWhere: string;
  /** The values a composed prompt takes (undefined for a plain prompt), to check what flows pass it. */
  readonly promptArguments?: (id: string) => readonly string[] | undefined;
}

/**
 * Checks a flow file against what Foyer can run: structure, named pieces and their params, delays,
 * targets, prompt ids and final outputs. Returns every problem with its line; never throws.
 */
export function validateFlow(source: YamlSource, name: string, context: ValidationContext): Problem[] {
  return new FlowValidator(source, name, context).run();
}

class FlowValidator {
  private readonly problems: Problem[] = [];
  private delays = new Set<string>();
  private readonly vocabulary: Vocabulary;

  constructor(
    private readonly source: YamlSource,
    private readonly name: string,
    private readonly context: ValidationContext,
  ) {
    this.vocabulary = vocabularyOf(isObject(source.data) ? source.data : {});
  }

  run(): Problem[] {
    const root = this.source.data;
    if (!isObject(root)) return [this.source.problem([], 'a flow file must be a mapping with initial and states')];
    if (root.id !== undefined && root.id !== this.name)
      this.error(['id'], `id "${valueText(root.id)}" must match the file name "${this.name}" (or be left out)`);
    for (const key of Object.keys(root))
      if (!ROOT_KEYS.has(key))
        this.error(
          [key],
          `unknown top-level field "${key}"${didYouMean(key, ROOT_KEYS) || `; a flow has ${[...ROOT_KEYS].join(', ')}`}`,
        );
    this.checkSettings(root.settings);
    this.checkCompound(root, []);
    return this.problems;
  }

  private checkSettings(settings: unknown): void {
    if (settings === undefined) return;
    if (!isObject(settings)) {
      this.error(['settings'], 'settings must be a mapping of names to values');
      return;
    }
    for (const [key, value] of Object.entries(settings)) {
      const path = ['settings', key];
      if (!['string', 'number', 'boolean'].includes(typeof value))
        this.error(path, `setting ${key} must be a number, a duration such as 10s, a word or true/false`);
      if (isDurationText(value)) this.delays.add(key);
      if (key === 'max_digits' && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 20))
        this.error(path, `max_digits must be a whole number from 1 to 20`);
      if (key === 'max_attempts' && !(Number.isInteger(value) && (value as number) >= 1))
        this.error(path, 'max_attempts must be a whole number of at least 1');
      if (/_(timeout|delay)$/.test(key) && !isDurationText(value))
        this.error(path, `${key} must be a duration such as 10s or 500ms`);
      if (!isDurationText(value) && !Object.hasOwn(KNOWN_SETTINGS, key) && typeof value !== 'boolean')
        this.warn(path, `setting ${key} is not a duration and no named piece reads it`);
    }
  }

  /** A node with child states (the root, or a compound state). */
  private checkCompound(node: Raw, path: Path): void {
    const states = node.states;
    if (!isObject(states) || Object.keys(states).length === 0) {
      this.error(path.length ? [...path, 'states'] : ['states'], `${this.label(path)} needs states`);
      return;
    }
    if (typeof node.initial !== 'string')
      this.error(
        path.length ? [...path, 'initial'] : ['initial'],
        `${this.label(path)} needs initial: the name of its first state`,
      );
    else if (!Object.hasOwn(states, node.initial))
      this.error([...path, 'initial'], `initial state "${node.initial}" is not one of ${this.label(path)}'s states`);
    this.checkStateBody(node, path, path.length === 0 ? null : siblingsOf(this.source, path), Object.keys(states));
    for (const [name, child] of Object.entries(states)) {
      const childPath = [...path, 'states', name];
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
        this.error(childPath, `state name "${name}" must be a word of letters, digits and _`);
      if (!isObject(child)) {
        if (child !== null) this.error(childPath, `state "${name}" must be a mapping`);
        continue;
      }
      this.checkState(child, childPath);
    }
  }

  private checkState(node: Raw, path: Path): void {
    for (const key of Object.keys(node))
      if (!STATE_KEYS.has(key))
        this.error([...path, key], `unknown field "${key}" in state ${this.label(path)}${didYouMean(key, STATE_KEYS)}`);
    if (node.type !== undefined && !['final', 'atomic', 'compound'].includes(node.type as string))
      this.error([...path, 'type'], `type must be final (or left out)`);
    if (node.type === 'final') {
      this.checkFinal(node, path);
      return;
    }
    if (node.output !== undefined) this.error([...path, 'output'], 'only a final state has an output');
    if (node.states !== undefined) {
      this.checkCompound(node, path);
      return;
    }
    this.checkStateBody(node, path, siblingsOf(this.source, path), []);
  }

  /**
   * Targets resolve as XState resolves them: `name` among the state's siblings, `.name` among its
   * own children (the only form allowed at the root).
   */
  private checkStateBody(node: Raw, path: Path, siblings: string[] | null, children: string[]): void {
    const targets: Targets = { siblings, children };
    this.checkActions(node.entry, [...path, 'entry']);
    this.checkActions(node.exit, [...path, 'exit']);
    if (node.on !== undefined) {
      if (!isObject(node.on)) this.error([...path, 'on'], 'on must map event names to transitions');
      else
        for (const [event, transition] of Object.entries(node.on)) {
          if (!Object.hasOwn(this.vocabulary.events, event))
            this.error(
              [...path, 'on', event],
              `unknown event "${event}"; flows receive ${Object.keys(this.vocabulary.events).join(', ')}`,
            );
          this.checkTransitions(transition, [...path, 'on', event], targets);
        }
    }
    if (node.after !== undefined) {
      if (!isObject(node.after)) this.error([...path, 'after'], 'after must map delays to transitions');
      else
        for (const [delay, transition] of Object.entries(node.after)) {
          if (!/^\d+$/.test(delay) && !this.delays.has(delay)) {
            this.error(
              [...path, 'after', delay],
              `unknown delay "${delay}": name a duration setting (${[...this.delays].join(', ') || 'none defined'}) or write milliseconds`,
            );
          }
          this.checkTransitions(transition, [...path, 'after', delay], targets);
        }
    }
    if (node.always !== undefined) this.checkTransitions(node.always, [...path, 'always'], targets);
    if (node.invoke !== undefined) {
      const invokes = Array.isArray(node.invoke) ? node.invoke : [node.invoke];
      invokes.forEach((invoke, index) =>
        this.checkInvoke(
          invoke,
          Array.isArray(node.invoke) ? [...path, 'invoke', index] : [...path, 'invoke'],
          targets,
        ),
      );
    }
  }

  private checkFinal(node: Raw, path: Path): void {
    for (const key of ['on', 'after', 'always', 'invoke', 'states']) {
      if (node[key] !== undefined) this.error([...path, key], `a final state ends the flow: it cannot have ${key}`);
    }
    this.checkActions(node.entry, [...path, 'entry']);
    const output = node.output;
    const { reasons } = this.vocabulary;
    if (!isObject(output)) {
      this.error(
        [...path, 'type'],
        `final state ${this.label(path)} needs output: { outcome: ${Object.keys(reasons).join(' | ')}, reason: ... }`,
      );
      return;
    }
    const outcome = typeof output.outcome === 'string' ? output.outcome : '';
    const allowed = reasons[outcome];
    if (allowed === undefined) {
      this.error([...path, 'output'], `outcome must be one of ${Object.keys(reasons).join(', ')}`);
      return;
    }
    if (allowed.length === 0 && output.reason !== undefined)
      this.error([...path, 'output', 'reason'], `outcome ${outcome} takes no reason`);
    if (allowed.length > 0 && !allowed.includes(output.reason as string))
      this.error([...path, 'output'], `reason for outcome ${outcome} must be one of ${allowed.join(', ')}`);
    for (const key of Object.keys(output))
      if (key !== 'outcome' && key !== 'reason') this.error([...path, 'output', key], `unknown output field "${key}"`);
  }

  private checkTransitions(value: unknown, path: Path, targets: Targets): void {
    const list = Array.isArray(value) ? value : [value];
    list.forEach((transition, index) => {
      const at = Array.isArray(value) ? [...path, index] : path;
      if (typeof transition === 'string') {
        this.checkTarget(transition, at, targets);
        return;
      }
      if (!isObject(transition)) {
        this.error(at, 'a transition is a target state name or a mapping with target, guard, actions');
        return;
      }
      for (const key of Object.keys(transition))
        if (!TRANSITION_KEYS.has(key))
          this.error(
            [...at, key],
            `unknown field "${key}" in a transition${didYouMean(key, TRANSITION_KEYS) || `; it has ${[...TRANSITION_KEYS].join(', ')}`}`,
          );
      if (transition.target !== undefined) this.checkTarget(transition.target, [...at, 'target'], targets);
      // XState would take a targetless eventless transition again and again, never waiting.
      else if (path.at(-1) === 'always')
        this.error(
          at,
          'an always transition needs a target (run actions on entry instead): without one it would be taken again and again',
        );
      if (transition.guard !== undefined) this.checkGuard(transition.guard, [...at, 'guard']);
      this.checkActions(transition.actions, [...at, 'actions']);
    });
  }

  private checkTarget(target: unknown, path: Path, targets: Targets): void {
    if (typeof target !== 'string') {
      this.error(path, 'target must be a state name');
      return;
    }
    if (target.startsWith('#')) return;
    if (target.startsWith('.')) {
      const child = target.slice(1).replace(/\..*$/s, '');
      if (!targets.children.includes(child))
        this.error(
          path,
          `unknown target state "${target}"; child states here: ${targets.children.join(', ') || 'none'}`,
        );
      return;
    }
    if (targets.siblings === null) {
      this.error(path, `a transition at the top of the flow targets a state as ".${target}"`);
      return;
    }
    const first = target.replace(/\..*$/s, '');
    if (!targets.siblings.includes(first))
      this.error(
        path,
        `unknown target state "${target}"; states here: ${targets.siblings.join(', ')}${didYouMean(first, targets.siblings)}`,
      );
  }

  private checkActions(value: unknown, path: Path): void {
    if (value === undefined) return;
    const list = Array.isArray(value) ? value : [value];
    list.forEach((action, index) => {
      const at = Array.isArray(value) ? [...path, index] : path;
      this.checkNamed(action, at, 'action', this.vocabulary.actions);
    });
  }

  private checkGuard(value: unknown, path: Path): void {
    this.checkNamed(value, path, 'guard', this.vocabulary.guards);
  }

  private checkNamed(value: unknown, path: Path, kind: string, known: Readonly<Record<string, NamedPiece>>): void {
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

  private checkInvoke(invoke: unknown, path: Path, targets: Targets): void {
    if (!isObject(invoke)) {
      this.error(path, 'invoke must be a mapping with id, src, input, onDone');
      return;
    }
    for (const key of Object.keys(invoke))
      if (!INVOKE_KEYS.has(key))
        this.error(
          [...path, key],
          `unknown field "${key}" in invoke${didYouMean(key, INVOKE_KEYS) || `; it has ${[...INVOKE_KEYS].join(', ')}`}`,
        );
    if (typeof invoke.id !== 'string' || invoke.id === '')
      this.error(path, 'every invoke needs an explicit id (its completion event is xstate.done.actor.<id>)');
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
      for (const request of actor.promptRequests?.(input) ?? []) this.checkPromptValues(request, [...path, 'input']);
    }
    if (invoke.onDone !== undefined) this.checkTransitions(invoke.onDone, [...path, 'onDone'], targets);
    if (invoke.onError !== undefined) this.checkTransitions(invoke.onError, [...path, 'onError'], targets);
  }

  private checkPromptValues(request: PromptRequest, path: Path): void {
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

  private label(path: Path): string {
    return path.length === 0 ? 'the flow' : `"${path.filter((_, index) => index % 2 === 1).join('.')}"`;
  }

  private error(path: Path, message: string): void {
    this.problems.push({ file: this.source.file, line: this.source.keyLineOf(path), message, severity: 'error' });
  }

  private warn(path: Path, message: string): void {
    this.problems.push({ file: this.source.file, line: this.source.keyLineOf(path), message, severity: 'warning' });
  }
}

interface Targets {
  /** Null at the root, which has no siblings. */
  readonly siblings: string[] | null;
  readonly children: string[];
}

function siblingsOf(source: YamlSource, path: Path): string[] {
  let node: unknown = source.data;
  for (const key of path.slice(0, -1)) node = isObject(node) ? node[key as string] : undefined;
  return isObject(node) ? Object.keys(node) : [];
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
