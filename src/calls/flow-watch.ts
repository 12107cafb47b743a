import type { AnyActorRef, AnyMachineSnapshot, Subscription } from 'xstate';
import {
  FlowLoopError,
  MAX_STATE_CHANGES_WITHOUT_WAITING,
  PIN_CHECKED,
  StepCounter,
  type Flow,
  type PinChecked,
} from '../flows/index.js';
import { stateName } from './state-name.js';

/** What a running flow tells its call. */
export interface FlowWatcher {
  /** The flow entered a state (named `a.b` when nested). */
  state(flow: string, state: string): void;
  /** A PIN entry was judged, reported after the state it led to. */
  pinChecked(check: PinChecked): void;
  /** The flow changed state too often without waiting: a loop. */
  looped(error: FlowLoopError): void;
}

/**
 * Follows one run of a flow actor for its call: each state it enters, each PIN check it emits
 * (in the order the call reports them: the state first, then the checks that led there), and its
 * budget of state changes without waiting. Attached before the actor starts.
 */
export class FlowWatch {
  private lastState = '';
  private readonly steps = new StepCounter(MAX_STATE_CHANGES_WITHOUT_WAITING);
  /** Checks emitted in the step being taken: XState emits them before it reports the step's state. */
  private checks: PinChecked[] | undefined;
  private readonly snapshots: Subscription;
  private readonly emitted: Subscription;

  constructor(
    ref: AnyActorRef,
    private readonly flow: Flow,
    private readonly watcher: FlowWatcher,
  ) {
    this.emitted = ref.on(PIN_CHECKED, (check: PinChecked) => (this.checks ??= []).push(check));
    this.snapshots = ref.subscribe({
      next: (snapshot: AnyMachineSnapshot) => this.step(snapshot),
      // The lifecycle hears of the error as the flow's error event.
      error: () => undefined,
    });
  }

  stop(): void {
    this.snapshots.unsubscribe();
    this.emitted.unsubscribe();
  }

  private step(snapshot: AnyMachineSnapshot): void {
    const checks = this.checks;
    this.checks = undefined;
    if (this.steps.count()) {
      this.watcher.looped(new FlowLoopError(this.flow.name, MAX_STATE_CHANGES_WITHOUT_WAITING));
      return;
    }
    const state = stateName(snapshot.value);
    if (state !== this.lastState) {
      this.lastState = state;
      this.watcher.state(this.flow.name, state);
    }
    // Entries typed ahead may be judged several in one step: each is one attempt.
    if (checks) for (const check of checks) this.watcher.pinChecked(check);
  }
}
