import type { ActorLogic, AnyActorRef, EventObject, PromiseSnapshot } from 'xstate';

/** A step's promise settled (sent by the step to itself). */
type Settled =
  | { readonly type: 'foyer.step.resolved'; readonly data: unknown }
  | { readonly type: 'foyer.step.rejected'; readonly data: unknown };

/**
 * Why a step's signal aborts when the state that started it is left. One error for all: an
 * `abort()` without a reason makes Node build a DOMException with a stack trace, and prompts are
 * cut short at every key a caller presses over them (1.5 % of the benchmark's CPU).
 */
const STATE_LEFT = new Error('the state that started this step was left');

const controllers = new WeakMap<AnyActorRef, AbortController>();

export interface StepArgs<TInput> {
  readonly input: TInput;
  /** The actor system of the call the step runs for (what its services are found by). */
  readonly system: object;
  readonly signal: AbortSignal;
}

/**
 * A named actor of the flows: one promise, its result the invoke's `onDone`, its failure
 * `onError`, its signal aborted when the state is left first. XState's `fromPromise` does the
 * same, and is what this replaces only for the abort's reason (see STATE_LEFT).
 */
export function fromStep<TOutput, TInput>(
  run: (args: StepArgs<TInput>) => PromiseLike<TOutput>,
): ActorLogic<PromiseSnapshot<TOutput, TInput>, EventObject, TInput> {
  return {
    config: run,
    transition: (snapshot, event, { self }) => {
      if (snapshot.status !== 'active') return snapshot;
      const settled = event as Settled | EventObject;
      switch (settled.type) {
        case 'xstate.stop':
          controllers.get(self)?.abort(STATE_LEFT);
          controllers.delete(self);
          return { ...snapshot, status: 'stopped', input: undefined };
        case 'foyer.step.resolved':
          return { ...snapshot, status: 'done', output: (settled as Settled).data as TOutput, input: undefined };
        case 'foyer.step.rejected':
          return { ...snapshot, status: 'error', error: (settled as Settled).data, input: undefined };
        default:
          return snapshot;
      }
    },
    start: (snapshot, { self, system }) => {
      if (snapshot.status !== 'active') return;
      const controller = new AbortController();
      controllers.set(self, controller);
      const report = (event: Settled): void => {
        if (self.getSnapshot().status !== 'active') return;
        controllers.delete(self);
        self.send(event);
      };
      let running: PromiseLike<TOutput>;
      try {
        running = run({ input: snapshot.input as TInput, system, signal: controller.signal });
      } catch (error) {
        running = Promise.reject(error);
      }
      Promise.resolve(running).then(
        (data) => report({ type: 'foyer.step.resolved', data }),
        (data: unknown) => report({ type: 'foyer.step.rejected', data }),
      );
    },
    getInitialSnapshot: (_scope, input) => ({ status: 'active', output: undefined, error: undefined, input }),
    getPersistedSnapshot: (snapshot) => snapshot,
    restoreSnapshot: (snapshot) => snapshot as PromiseSnapshot<TOutput, TInput>,
  };
}
