export {
  SipService,
  type SipServiceOptions,
  type SipState,
  type MediaPlacer,
  type CallToPlace,
} from './sip-service.js';
export { MediaServerConnection, type MediaServerState } from './media-server.js';
export { FreeswitchBridge } from './freeswitch-bridge.js';
export { FreeswitchChannel, type FreeswitchChannelOptions } from './freeswitch-channel.js';
export { FreeswitchTransfer } from './freeswitch-transfer.js';
export { refer, referTo, sipfragStatus, type ReferOptions } from './sip-refer.js';
export { SipInboundCall, uriOf } from './inbound-call.js';
export {
  summariseOffer,
  answerFor,
  reofferFor,
  sameAudioTarget,
  hasTelephoneEvent,
  UnacceptableSdpError,
} from './sdp.js';
export { keyFromInfo, normaliseKey, DtmfArbiter } from './dtmf.js';
export { createSrf, createMrf } from './libraries.js';
export type {
  SrfLike,
  MrfLike,
  MediaServerLike,
  EndpointLike,
  SipDialog,
  SipRequest,
  SipResponse,
  RequestHandler as RequestHandlerLike,
} from './library-types.js';
export { runDoctor, type Finding, type DoctorOptions } from './doctor.js';
export { checkFreeswitch, type ServerProblem } from './freeswitch-checks.js';
export { describeSocketError } from './port-probe.js';
export {
  MediaServerPool,
  type PoolMember,
  type Placement,
  type PlacementRequest,
  type MediaNode,
  type PoolMemberStatus,
} from './media-server-pool.js';
export { CallerLocations, type CallerFacts, type CallerLocation } from './caller-location.js';
