export { simulateCall, type SimulateCallOptions, type SimulatedCallResult } from './simulate-call.js';
export { SimulatedChannel } from './simulated-channel.js';
export { SimulatedCall, type SimulatedCallOptions } from './simulated-call.js';
export { parseKeyScript, KeyScriptError, type KeyAction } from './key-script.js';
