/**
 * How a flow may end, as written in a final state's `output`. A closed list: later versions add
 * reasons, never change these, because usage logs and other tools read them.
 */
export const FLOW_REASONS = {
  joined: ['admitted'],
  disconnected: [
    'pin_invalid',
    'pin_no_input',
    'number_invalid',
    'number_no_input',
    'lookup_failed',
    'transfer_failed',
  ],
  handoff: [],
  /** A room hosted elsewhere took the caller: bridged by Foyer, or referred there (REFER). */
  transferred: ['bridged', 'referred'],
} as const satisfies Record<string, readonly string[]>;

export type FlowOutcome = keyof typeof FLOW_REASONS;

export function isFlowOutcome(value: unknown): value is FlowOutcome {
  return typeof value === 'string' && Object.hasOwn(FLOW_REASONS, value);
}
