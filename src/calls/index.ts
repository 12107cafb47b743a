export type { CallChannel, CallChannelEvents, InboundCall, JoinFlags, RejectReason } from './channel.js';
export type { CallEvent, CallObserver } from './call-events.js';
export { CALL_REASONS, type CallEnd, type CallOutcome } from './outcome.js';
export { CallSession, type SessionOptions, type SessionResult } from './session.js';
export { roomSlug, type Admit, type AdmitRequest, type Admission, type Departure } from './admit.js';
export { handleCall, type CallRecord, type CallHandlerOptions } from './call-handler.js';
export { traceCall } from './call-trace.js';
export { Listeners } from './listeners.js';
export { CallerGoneError } from './caller-gone-error.js';
export {
  transferCaller,
  type CallTransfer,
  type TransferAttempt,
  type TransferReport,
  type TransferRequest,
  type TransferResult,
} from './transfer.js';
