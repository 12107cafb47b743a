import { assign, enqueueActions, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { stepActions } from './steps.js';
import { flowMachine } from './flow-machine.js';
import { isObject } from '../yaml/index.js';
import { initialContext, INPUT_REFERENCES, type FlowContext, type FlowInput, type FlowResult } from './context.js';
import type { FlowServices } from './flow-services.js';
import { ACTIONS, ACTORS, GUARDS, type ActionDefinition, type FlowEmitted, type FlowEvent } from './registry.js';
import type { FlowSettings } from './settings.js';
import { countStep } from './loop-guard.js';

type Raw = Record<string, unknown>;

/**
 * Builds the XState machine for a validated flow config. Named pieces come from the registry;
 * actors run with the services of the call whose flow started them (`bindFlowServices`).
 */
export function buildMachine(name: string, config: Raw, settings: FlowSettings): AnyStateMachine {
  const actions: Record<string, unknown> = Object.fromEntries(
    Object.entries(ACTIONS).map(([key, definition]) => [
      key,
      // Actions that need the call (checkPin asks its PIN gate) find its services by actor system, as actors do.
      assign(
        ({ context, event, system }: { context: FlowContext; event: FlowEvent; system: object }, params: unknown) => {
          countStep(name, system);
          return definition.update(context, event, params, settings, servicesBySystem.get(system));
        },
      ),
    ]),
  );
  for (const [key, definition] of Object.entries(ACTIONS))
    if (definition.emit) actions[key] = assignAndEmit(name, definition, settings);
  const guards = Object.fromEntries(
    Object.entries(GUARDS).map(([key, definition]) => [
      key,
      ({ context, event }: { context: FlowContext; event: FlowEvent }, params: unknown) => {
        countStep(name, context);
        return definition.test(context, event, params, settings);
      },
    ]),
  );
  Object.assign(
    actions,
    stepActions((src, input, system, signal) => {
      const services = servicesBySystem.get(system);
      if (!services)
        throw new Error(
          `flow ${name}: actor ${src} has no services; start the flow with startFlow (a call session does)`,
        );
      // Checked by validateFlow: every invoke names a known actor.
      return (ACTORS[src] as (typeof ACTORS)[string]).run(input, services, signal);
    }),
  );
  return flowMachine(name, resolveInputs(config, settings) as Raw, {
    actions,
    guards,
    delays: settings.delays,
    context: ({ input }: { input: FlowInput }) => initialContext(input),
    output: ({
      context,
      event,
    }: {
      context: FlowContext;
      event: { output?: { outcome: FlowResult['outcome']; reason?: string } };
    }) => ({
      outcome: event.output?.outcome ?? 'disconnected',
      ...(event.output?.reason !== undefined && { reason: event.output.reason }),
      role: context.role,
      target: context.target,
      buffer: context.buffer,
      swallowHash: context.swallowHash,
    }),
  });
}

/** What an enqueueing action uses of XState's `enqueue` (its own type follows setup's inference, which the registry map defeats). */
interface Enqueue {
  assign(changed: Partial<FlowContext>): void;
  emit(emitted: FlowEmitted): void;
}

/** An action that also tells the call something (checkPin: a PIN entry judged), by XState's `emit`. */
function assignAndEmit(name: string, definition: ActionDefinition, settings: FlowSettings) {
  return enqueueActions(
    (
      { context, event, system, enqueue }: { context: FlowContext; event: FlowEvent; system: object; enqueue: Enqueue },
      params: unknown,
    ) => {
      countStep(name, system);
      const services = servicesBySystem.get(system);
      const changed = definition.update(context, event, params, settings, services);
      enqueue.assign(changed);
      if (definition.emit) enqueue.emit(definition.emit(context, changed, services));
    },
  );
}

/**
 * One call's services, by the actor system its flow runs in. The machine is built once per flow
 * and shared by every call; its actors find their call's services here when they start. (Binding
 * them with `machine.provide` per call rebuilt the whole state tree for every call: the largest
 * cost per call in the benchmark.)
 */
const servicesBySystem = new WeakMap<object, FlowServices>();

/**
 * Binds the call's services to every flow that runs in `actor`'s system (a call's lifecycle
 * spawns its flows as children, which share its system).
 */
export function bindFlowServices(actor: AnyActorRef, services: FlowServices): void {
  servicesBySystem.set(actor.system, services);
}

/**
 * `invoke.input` is static in a data-only config. Foyer's convention: a string `$name` in an
 * input stands for the context field `name` (or a value derived from the context, such as
 * `$attemptsLeft`), read when the actor starts.
 */
function resolveInputs(node: unknown, settings: FlowSettings): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveInputs(item, settings));
  if (!isObject(node)) return node;
  const copy: Raw = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'invoke') {
      copy.invoke = Array.isArray(value)
        ? value.map((item) => resolveInvoke(item, settings))
        : resolveInvoke(value, settings);
    } else {
      copy[key] = resolveInputs(value, settings);
    }
  }
  return copy;
}

function resolveInvoke(invoke: unknown, settings: FlowSettings): unknown {
  if (!isObject(invoke)) return invoke;
  const { input, ...rest } = invoke;
  const resolved = resolveInputs(rest, settings) as Raw;
  if (input === undefined) return resolved;
  if (!hasReference(input)) return { ...resolved, input };
  return { ...resolved, input: ({ context }: { context: FlowContext }) => substitute(input, context, settings) };
}

function hasReference(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('$');
  if (Array.isArray(value)) return value.some(hasReference);
  if (isObject(value)) return Object.values(value).some(hasReference);
  return false;
}

function substitute(value: unknown, context: FlowContext, settings: FlowSettings): unknown {
  if (typeof value === 'string' && value.startsWith('$')) return INPUT_REFERENCES[value.slice(1)]?.(context, settings);
  if (Array.isArray(value)) return value.map((item) => substitute(item, context, settings));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, context, settings)]));
  return value;
}
