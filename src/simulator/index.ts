export { simulateCall, type SimulateCallOptions, type SimulatedCallResult } from './simulate-call.js';
export { runScenario, type RunScenarioOptions, type ScenarioResult, type ScenarioLine } from './run-scenario.js';
export { loadScenario, parseScenario, type Scenario, type ScenarioCaller } from './scenario.js';
export { SimulatedChannel, type MediaHooks } from './simulated-channel.js';
export { SimulatedBridge, SimulatedConference } from './simulated-bridge.js';
export { SimulatedCall, type SimulatedCallOptions } from './simulated-call.js';
export { SimulationWorld, SIMULATION_EPOCH } from './world.js';
export { SimulatedTransfer, DEFAULT_TARGET_SCRIPT, type TargetScript } from './simulated-transfer.js';
export { parseKeyScript, KeyScriptError, type KeyAction } from './key-script.js';
