import { parseKeyScript } from '../simulator/index.js';
import { Call, type CallOptions, type KeyTransport } from './caller.js';

export interface DialOptions extends CallOptions {
  /** Key script as the simulator reads it: keys 250 ms apart, `,` a second of silence, `!` hang up. */
  readonly keys: string;
  readonly keyTransport?: KeyTransport;
  /** When the keys start, after the answer (the IVR's 2 s answer delay and the start of its prompt). */
  readonly keysAfterMs?: number;
  /** How long to stay on after the keys (hearing the room), unless Foyer hangs up first. */
  readonly stayMs?: number;
  /** Write what was heard here (8 kHz 16-bit mono WAV). */
  readonly record?: string;
}

export interface DialReport {
  readonly status: number;
  readonly reason: string;
  readonly endedBy: 'foyer' | 'caller' | 'refused';
  readonly heardMs: number;
  /** How much of what was heard was sound (prompts, other callers), not silence. */
  readonly soundMs: number;
  readonly jitterP99Ms: number;
  readonly durationMs: number;
}

/** `foyer dial`: one call through the IVR with a key script, reported step by step. */
export async function dial(options: DialOptions): Promise<DialReport> {
  const actions = parseKeyScript(options.keys);
  const call = await Call.place(options);
  if (call.status < 200 || call.status >= 300) return report(call, 'refused');
  await call.pause(options.keysAfterMs ?? 3000);
  let elapsed = 0;
  let hangup = false;
  for (const action of actions) {
    if (call.isEnded) break;
    // Keys go out 250 ms apart by themselves; only the pauses (",") are waited for here.
    const gap = action.atMs - elapsed - 250;
    if (gap > 0) await call.pause(gap);
    elapsed = action.atMs;
    if ('hangup' in action) {
      hangup = true;
      break;
    }
    await call.keys(action.key, options.keyTransport);
  }
  if (!hangup && !call.isEnded) await call.pause(options.stayMs ?? 5000);
  const endedBy = await call.hangup();
  if (options.record) call.recording.save(options.record);
  return report(call, endedBy);
}

function report(call: Call, endedBy: DialReport['endedBy']): DialReport {
  return {
    status: call.status,
    reason: call.reason,
    endedBy,
    heardMs: call.recording.heardMs,
    soundMs: call.recording.soundMs,
    jitterP99Ms: call.recording.jitter(99),
    durationMs: call.atMs,
  };
}
