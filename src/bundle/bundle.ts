import type { Directory, ParticipantPolicy } from '../directory/index.js';
import type { FlowSet } from '../flows/index.js';
import type { Catalogue, Voice } from '../prompts/index.js';

/**
 * One consistent version of everything a call runs on: services, flows and prompts. A call keeps
 * the bundle it started with until it ends, so a reload never changes a call in progress.
 */
export interface Bundle {
  readonly version: number;
  readonly directory: Directory;
  /** Asked before a caller's PIN entry when a policy server decides per participant (`policy.participant`). */
  readonly participants?: ParticipantPolicy;
  readonly flows: FlowSet;
  readonly catalogue: Catalogue;
  /** Theme and language for services that name none. */
  readonly voice: Voice;
}
