import { didYouMean, isObject, valueText, type Problem, type YamlSource } from '../yaml/index.js';
import { isDurationText, KNOWN_SETTINGS } from './settings.js';
import { NamedPieceChecks, type ValidationContext } from './named-piece-checks.js';
import { vocabularyOf, type Vocabulary } from './vocabulary.js';

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

export type { ValidationContext } from './named-piece-checks.js';

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
  private readonly pieces: NamedPieceChecks;

  constructor(
    private readonly source: YamlSource,
    private readonly name: string,
    context: ValidationContext,
  ) {
    this.vocabulary = vocabularyOf(isObject(source.data) ? source.data : {});
    this.pieces = new NamedPieceChecks(this.vocabulary, context, (path, message) => this.error(path, message));
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
    this.pieces.actions(node.entry, [...path, 'entry']);
    this.pieces.actions(node.exit, [...path, 'exit']);
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
    this.pieces.actions(node.entry, [...path, 'entry']);
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
      if (transition.guard !== undefined) this.pieces.guard(transition.guard, [...at, 'guard']);
      this.pieces.actions(transition.actions, [...at, 'actions']);
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
    this.pieces.invoked(invoke, path);
    if (invoke.onDone !== undefined) this.checkTransitions(invoke.onDone, [...path, 'onDone'], targets);
    if (invoke.onError !== undefined) this.checkTransitions(invoke.onError, [...path, 'onError'], targets);
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
