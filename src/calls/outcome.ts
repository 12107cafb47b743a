import { FLOW_REASONS } from '../flows/index.js';
import type { Role } from '../directory/index.js';

/**
 * How a call's time in the IVR ended. Outcomes and reasons form a closed list that later versions
 * extend and never change: usage logs and other tools read them.
 */
export const CALL_REASONS = {
  joined: [...FLOW_REASONS.joined],
  rejected: ['unknown_alias', 'scanner_ua', 'source_blocked', 'room_blocked', 'lookup_failed', 'policy_rejected'],
  disconnected: [
    ...FLOW_REASONS.disconnected,
    'flow_error',
    'media_failure',
    'conference_full',
    'host_timeout',
    'guests_only_timeout',
    'ended_by_host',
    'source_blocked',
    'room_blocked',
  ],
  hangup: ['caller_hangup', 'simulation_end'],
  transferred: [...FLOW_REASONS.transferred],
} as const;

export type CallOutcome = keyof typeof CALL_REASONS;

export interface CallEnd {
  readonly outcome: CallOutcome;
  readonly reason: string;
  /** The service the caller dialled or reached, by name. */
  readonly service: string | null;
  /** The reception the caller came through, by name. */
  readonly via: string | null;
  readonly role: Role | null;
}
