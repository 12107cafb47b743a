import { setup, type AnyStateMachine } from 'xstate';
import { inlineSteps } from './steps.js';

type Raw = Record<string, unknown>;

/** What a kind of flow gives its machines: its named pieces and delays, and how a run starts and ends. */
export interface FlowMachineParts {
  readonly actions: Readonly<Record<string, unknown>>;
  readonly guards: Readonly<Record<string, unknown>>;
  readonly delays: Readonly<Record<string, unknown>>;
  /** The context a run starts with, from its input. */
  readonly context: (args: { input: never }) => unknown;
  /** What a run ends with, from its final state's output (XState's own without). */
  readonly output?: (args: { context: never; event: never }) => unknown;
}

/**
 * The XState machine of a validated flow config (its `settings:` left out, its invoked steps run as
 * entry and exit actions), named after the flow.
 */
export function flowMachine(name: string, config: Raw, parts: FlowMachineParts): AnyStateMachine {
  const { settings: _settings, ...machineConfig } = config;
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment --
     the config is data from a file checked by validateFlow, and each kind's pieces are typed against
     its own context: setup's inference can follow neither. */
  return setup({
    types: {},
    actions: parts.actions as any,
    guards: parts.guards as any,
    delays: parts.delays as any,
  }).createMachine({
    ...(inlineSteps(machineConfig) as any),
    id: name,
    context: parts.context as any,
    ...(parts.output && { output: parts.output as any }),
  });
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment */
}
