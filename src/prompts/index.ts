export { Catalogue, BASE_THEME, estimateSpokenMs } from './catalogue.js';
export type { PromptRef, Voice } from './prompt.js';
export { wavDurationMs } from './wav.js';
