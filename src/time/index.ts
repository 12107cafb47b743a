export type { Clock, TimerHandle } from './clock.js';
export { realClock, wallClock } from './clock.js';
export { SimulatedClock, settle } from './simulated-clock.js';
export { parseDuration } from './duration.js';
export { scaledClock } from './scaled-clock.js';
