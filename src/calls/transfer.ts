import type { ResolvedTarget, Role, Room, TransferMethod } from '../directory/index.js';
import type { Departure } from './admit.js';
import type { CallChannel } from './channel.js';

/** How transferring a caller to a room hosted elsewhere ended. */
export type TransferResult = 'bridged' | 'referred' | 'busy' | 'no_answer' | 'rejected' | 'caller_gone';

/** An admitted caller to transfer, and where. */
export interface TransferRequest {
  readonly channel: CallChannel;
  readonly callId: string;
  readonly room: Room;
  readonly role: Role;
  /** The room's target with its templates filled for this call. */
  readonly target: ResolvedTarget;
}

/** How one try (a bridge or a REFER) ended. */
export interface TransferAttempt {
  readonly result: TransferResult;
  /** The SIP status that decided it (200, 486, 603, a NOTIFY's 503...), when there was one. */
  readonly status?: number;
  /** Bridged: settles when either side hangs up (Foyer keeps both dialogs until then). */
  readonly departure?: Promise<Departure>;
}

/**
 * What a back-end does to transfer a caller (the port). Neither rejects for what the far end
 * answers: busy, no answer and rejections are results. `signal` aborts when the caller hangs up:
 * a call still ringing is cancelled (CANCEL) and the result is `caller_gone`.
 */
export interface CallTransfer {
  /**
   * Calls the target (ringing at most `target.ringTimeoutMs`, then `no_answer`) and connects the
   * caller to it once it answers (`bridged`): media directly between them, or through the media
   * server (`target.media`). Then sends `target.sendKeys` (RFC 4733; `,` is a 1 s pause).
   */
  bridge(request: TransferRequest, signal: AbortSignal): Promise<TransferAttempt>;
  /** Sends REFER (with Referred-By) to the caller: `referred` on a NOTIFY with 200, `rejected` otherwise. */
  refer(request: TransferRequest, signal: AbortSignal): Promise<TransferAttempt>;
}

/** How the transfer ended, and by which method (a REFER that fell back to bridge says `bridge`). */
export interface TransferReport extends TransferAttempt {
  readonly method: TransferMethod;
  /** A rejected REFER fell back to bridge (`fallback: bridge`). */
  readonly fellBack?: true;
  /** The refused REFER's status, when it fell back. */
  readonly referStatus?: number;
}

/** Transfers by the target's method; a rejected REFER falls back to bridge when the target allows it. */
export async function transferCaller(
  port: CallTransfer,
  request: TransferRequest,
  signal: AbortSignal,
): Promise<TransferReport> {
  if (request.target.method === 'bridge') return { ...(await port.bridge(request, signal)), method: 'bridge' };
  const referred = await port.refer(request, signal);
  if (referred.result !== 'rejected' || request.target.fallback !== 'bridge' || signal.aborted)
    return { ...referred, method: 'refer' };
  const bridged = await port.bridge(request, signal);
  return {
    ...bridged,
    method: 'bridge',
    fellBack: true,
    ...(referred.status !== undefined && { referStatus: referred.status }),
  };
}
