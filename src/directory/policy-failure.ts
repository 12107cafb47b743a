/** Why a policy server's answer could not be used; each is logged once until the server recovers. */
export type PolicyCause =
  /** No connection, a TLS failure, the connection closed mid-answer, an answer too large. */
  | 'unreachable'
  /** No complete answer within `policy.timeout`. */
  | 'timeout'
  /** An HTTP status other than 200. */
  | 'http_status'
  /** A body that is not JSON. */
  | 'not_json'
  /** JSON that is not a usable answer: wrong types, a status other than success, PINs that break the rules. */
  | 'invalid_answer'
  /** A room in a form Foyer cannot serve yet (a room hosted elsewhere needs calls out). */
  | 'not_supported'
  /** A flow, theme or language the answer names that this Foyer does not have. */
  | 'unknown_reference'
  /** `policy.max_in_flight` requests already waiting: this one was not sent. */
  | 'overloaded';

export const POLICY_CAUSES: readonly PolicyCause[] = [
  'unreachable',
  'timeout',
  'http_status',
  'not_json',
  'invalid_answer',
  'not_supported',
  'unknown_reference',
  'overloaded',
];

/** One failed request: the cause, and what exactly went wrong (never a PIN). */
export interface PolicyFailure {
  readonly cause: PolicyCause;
  readonly problem: string;
}

/** The two requests Foyer makes. */
export type PolicyRequestKind = 'service' | 'participant';
