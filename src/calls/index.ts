export type { CallChannel, CallChannelEvents, InboundCall, JoinFlags, RejectReason } from './channel.js';
export type { CallEvent, CallObserver } from './call-events.js';
export { CALL_REASONS, type CallEnd, type CallOutcome } from './outcome.js';
export { CallSession, type SessionOptions } from './session.js';
export { defaultAdmit, conferenceNameFor, type Admit } from './admit.js';
export { Listeners } from './listeners.js';
