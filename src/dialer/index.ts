export { Call, type CallOptions, type KeyTransport, type Voice } from './caller.js';
export { dial, type DialOptions, type DialReport } from './dial.js';
export { Recording, SOUND_RMS } from './recording.js';
