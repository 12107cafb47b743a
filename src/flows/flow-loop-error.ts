/**
 * A flow moved from state to state without waiting, far more often than any flow can mean to
 * (eventless transitions whose guards keep passing, or actors that finish at once in a circle). The call it was running ends with
 * `flow_error`; the flow needs a guard that turns false, or a state that waits.
 */
export class FlowLoopError extends Error {
  constructor(
    readonly flow: string,
    readonly steps: number,
  ) {
    super(`flow ${flow} took more than ${steps} steps without waiting for anything: its transitions loop`);
    this.name = 'FlowLoopError';
  }
}
