export type { Clock, TimerHandle } from './clock.js';
export { realClock, wallClock } from './clock.js';
export { SimulatedClock, settle } from './simulated-clock.js';
export { parseDuration } from './duration.js';
export { scaledClock } from './scaled-clock.js';
export { deadline } from './deadline.js';
export { abandon } from './abandon.js';
export { OperationTimeoutError } from './operation-timeout-error.js';
