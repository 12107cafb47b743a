export type { Flow } from './flow.js';
export { loadFlowFile, parseFlow } from './flow.js';
export { FlowSet } from './flow-set.js';
export { bindFlowServices } from './build.js';
export { createMeetingActor, type MeetingStart, type MeetingResult } from './build-meeting.js';
export {
  MEETING_ACTIONS,
  MEETING_GUARDS,
  MEETING_ACTORS,
  MEETING_EVENTS,
  MEETING_REASONS,
  type MeetingContext,
  type MeetingInput,
  type MeetingServices,
  type MeetingControl,
  type ControlPrompts,
} from './meeting-registry.js';
export { createRoomActor } from './build-room.js';
export { stateName } from './state-name.js';
export {
  ROOM_ACTIONS,
  ROOM_GUARDS,
  ROOM_EVENTS,
  type RoomContext,
  type RoomEvent,
  type RoomInput,
  type RoomServices,
} from './room-registry.js';
export { vocabularyFor, vocabularyOf, type Vocabulary } from './vocabulary.js';
export type { FlowContext, FlowInput, FlowResult } from './context.js';
export { TransferFailedError, type FlowServices, type TransferDone } from './flow-services.js';
export { validateFlow, type ValidationContext } from './validate.js';
export {
  ACTIONS,
  GUARDS,
  ACTORS,
  FLOW_EVENTS,
  REGISTRY,
  PIN_CHECKED,
  type FlowEvent,
  type FlowEmitted,
  type PinChecked,
} from './registry.js';
export { FLOW_REASONS, type FlowOutcome } from './outcomes.js';
export { hasCompleteEntry, addKey, takeEntry } from './digits.js';
export { KEYPAD_KEYS, KEYPAD_KEYS_TEXT, isKeypadKey, isKeypadKeys, type KeypadKey } from './keypad-keys.js';
export { PUBLIC_DIGITS_TAG, MASKED_KEY, shownKey } from './masking.js';
export { promptUsage, promptIdsOf } from './prompt-usage.js';
export { flowKind, flowKindFor, finalOutcomes, type FlowKind } from './flow-kind.js';
export { eventlessLoops } from './eventless-loops.js';
export { FlowLoopError } from './flow-loop-error.js';
export { StepCounter, MAX_STATE_CHANGES_WITHOUT_WAITING } from './loop-guard.js';
export {
  flowGraph,
  type FlowGraph,
  type GraphEdge,
  type GraphState,
  type GraphInvoke,
  type NamedRef,
  type EdgeKind,
} from './flow-graph.js';
