export type { Directory } from './directory.js';
export type { CallerContext } from './caller-context.js';
export type { Service, Room, Reception, Role, ServiceType } from './service.js';
export { isRoom, defaultFlowFor, DEFAULT_MEETING_FLOW, DEFAULT_ROOM_FLOW, TRANSFER_FLOW } from './service.js';
export { parseAlias, formatAlias, aliasMatches, type AliasKey } from './alias.js';
export { StaticDirectory } from './static-directory.js';
export { loadServicesFile, parseServices, readServices } from './services-file.js';
export { roleForPin, pinRequired, sameDigits, type PinJudgement } from './pin-rules.js';
export { roomPinProblems, PIN_PATTERN, type RoomPins, type PinFieldNames } from './room-rules.js';
export { routeEntry, type RouteResult } from './reception-routing.js';
export type { ParticipantPolicy, ParticipantDecision } from './participant-policy.js';
export type { GatewayTarget, GatewayResolver } from './gateway.js';
export { readServiceAnswer, type ServiceAnswer } from './policy-answer.js';
export { readParticipantAnswer, type ParticipantAnswer } from './participant-answer.js';
export { fromPexip, toPexip } from './pexip-regex.js';
export { PolicyClient, parsePolicyUrl, type PolicyClientOptions, type PolicyObserver } from './policy-client.js';
export { PolicyConnection, type PolicyOptions, type PolicyStatus } from './policy-connection.js';
export { PolicyDirectory, ownDirectory, type PolicyDirectoryOptions } from './policy-directory.js';
export { PolicyLookupError } from './policy-lookup-error.js';
export { POLICY_CAUSES, type PolicyCause, type PolicyFailure, type PolicyRequestKind } from './policy-failure.js';
export { policyAlias } from './policy-query.js';
export { serviceConfiguration, resultOf } from './policy-serve.js';
export { policyRoutes, type PolicyServeCredentials } from './policy-routes.js';
export { aliasRoutes, type AliasRoute } from './alias-routes.js';
export {
  expandTarget,
  redactUri,
  DEFAULT_RING_TIMEOUT_MS,
  type Target,
  type ResolvedTarget,
  type TargetValues,
  type TransferMethod,
} from './target.js';
