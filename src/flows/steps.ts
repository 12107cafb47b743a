import type { AnyActorRef, EventObject } from 'xstate';
import { isObject } from '../yaml/index.js';

type Raw = Record<string, unknown>;

/** Runs the named step `src` of a flow with its input, for the call whose actor system is `system`. */
export type RunStep = (src: string, input: unknown, system: object, signal: AbortSignal) => PromiseLike<unknown>;

/** The actions that start and stop a state's steps (not names a designer can use: they hold a dot). */
const START = 'foyer.startStep';
const STOP = 'foyer.stopStep';

/** Where a step is in its flow: a state's path and the invoke's index, unique in the machine. */
type StepKey = string;

interface StartParams {
  readonly key: StepKey;
  readonly id: string;
  readonly src: string;
  /** Static, or read from the context when the state is entered (`$name` references). */
  readonly input: unknown;
}

/**
 * Why a step's signal aborts when the state that started it is left. One error for all: an
 * `abort()` without a reason makes Node build a DOMException with a stack trace, and prompts are
 * cut short at every key a caller presses over them.
 */
const STATE_LEFT = new Error('the state that started this step was left');

/** A flow actor's steps: those running, by where they are in the flow, and those to start once its step is taken. */
interface ActorSteps {
  readonly running: Map<StepKey, AbortController>;
  readonly starting: (() => void)[];
}

const stepsByActor = new WeakMap<AnyActorRef, ActorSteps>();

/**
 * A flow's `invoke:` (in its YAML) runs as its state's entry and exit actions rather than as a
 * child actor: an XState actor per step cost 2.5 times the step itself, and a call takes a dozen
 * (bench: issue 12's "no slower"). Nothing else changes for the flow: the step starts once the
 * state is entered for good (a state left in the same step starts nothing), its signal aborts
 * when the state is left or the flow stops, and its end comes back as XState's own events:
 * `xstate.done.actor.<id>` with `output` (the invoke's onDone), `xstate.error.actor.<id>` with
 * `error` (its onError; without one the flow fails, as it would with an actor).
 */
export function inlineSteps(node: Raw, path = ''): Raw {
  const copy: Raw = { ...node };
  if (node.invoke !== undefined) {
    const invokes = (Array.isArray(node.invoke) ? node.invoke : [node.invoke]) as Raw[];
    const on: Raw = { ...(node.on as Raw | undefined) };
    const starts: Raw[] = [];
    const stops: Raw[] = [];
    invokes.forEach((invoke, index) => {
      const key = `${path}#${index}`;
      const id = String(invoke.id);
      starts.push({ type: START, params: { key, id, src: String(invoke.src), input: invoke.input } });
      stops.push({ type: STOP, params: { key } });
      addTransitions(on, `xstate.done.actor.${id}`, invoke.onDone);
      addTransitions(on, `xstate.error.actor.${id}`, invoke.onError);
    });
    delete copy.invoke;
    copy.on = on;
    copy.entry = [...listOf(node.entry), ...starts];
    copy.exit = [...stops, ...listOf(node.exit)];
  }
  if (isObject(node.states)) {
    copy.states = Object.fromEntries(
      Object.entries(node.states).map(([name, child]) => [
        name,
        isObject(child) ? inlineSteps(child, `${path}.${name}`) : child,
      ]),
    );
  }
  return copy;
}

interface ActionArgs {
  readonly context: unknown;
  readonly event: EventObject;
  readonly self: AnyActorRef;
  readonly system: object;
}

/** The two actions `inlineSteps` names, running steps with `run`. */
export function stepActions(run: RunStep): Record<string, (args: ActionArgs, params: never) => void> {
  return {
    [START]: (args: ActionArgs, params: StartParams) => startStep(args, params, run),
    [STOP]: ({ self }: ActionArgs, { key }: { key: StepKey }) => stopStep(self, key),
  };
}

function startStep({ context, event, self, system }: ActionArgs, params: StartParams, run: RunStep): void {
  const { running, starting } = stepsOf(self);
  running.get(params.key)?.abort(STATE_LEFT);
  const controller = new AbortController();
  running.set(params.key, controller);
  const input = typeof params.input === 'function' ? (params.input as InputOf)({ context, event, self }) : params.input;
  const report = (ended: EventObject): void => {
    if (controller.signal.aborted) return;
    running.delete(params.key);
    self.send(ended);
  };
  starting.push(() => {
    if (controller.signal.aborted) return;
    let result: PromiseLike<unknown>;
    try {
      result = run(params.src, input, system, controller.signal);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(
      (output) => report({ type: `xstate.done.actor.${params.id}`, output, actorId: params.id } as EventObject),
      (error: unknown) => report({ type: `xstate.error.actor.${params.id}`, error, actorId: params.id } as EventObject),
    );
  });
}

type InputOf = (args: { context: unknown; event: EventObject; self: AnyActorRef }) => unknown;

function stopStep(self: AnyActorRef, key: StepKey): void {
  const steps = stepsByActor.get(self);
  steps?.running.get(key)?.abort(STATE_LEFT);
  steps?.running.delete(key);
}

/**
 * The actor's steps. The first time, they are tied to the actor: steps entered start when it has
 * taken its step (as XState starts invoked actors: before `send` returns, and not at all for a
 * state left on the way), and all stop when it stops, finishes or fails.
 */
function stepsOf(self: AnyActorRef): ActorSteps {
  const known = stepsByActor.get(self);
  if (known) return known;
  const steps: ActorSteps = { running: new Map(), starting: [] };
  stepsByActor.set(self, steps);
  const stopAll = (): void => {
    steps.starting.length = 0;
    for (const controller of steps.running.values()) controller.abort(STATE_LEFT);
    steps.running.clear();
  };
  const startEntered = (): void => {
    for (let start = steps.starting.shift(); start; start = steps.starting.shift()) start();
  };
  self.subscribe({ next: startEntered, complete: stopAll, error: stopAll });
  return steps;
}
function addTransitions(on: Raw, event: string, transitions: unknown): void {
  if (transitions === undefined) return;
  on[event] = on[event] === undefined ? transitions : [...listOf(on[event]), ...listOf(transitions)];
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
