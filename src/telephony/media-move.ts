import type { Logger, Resources } from '../observability/index.js';
import { abandon } from '../time/index.js';
import type { EndpointLike, MediaServerLike, SipDialog } from './library-types.js';
import { CallEndedError, OperationTimeoutError, race } from './race.js';
import { reofferFor, sameAudioTarget, summariseOffer, type OfferSummary } from './sdp.js';

/** Why a caller's media stayed on its server. */
export type MoveFailure =
  'srtp' | 'no_caller_sdp' | 'target_refused' | 'caller_refused' | 'update_refused' | 'timeout' | 'call_ended';

/** A move that did not happen: the call is still on its old server, nothing is left on the target. */
export class MoveFailedError extends Error {
  constructor(
    readonly reason: MoveFailure,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'MoveFailedError';
  }
}

/** The call whose media moves: its dialog with the caller, and when it ends. */
export interface LegToMove {
  readonly callId: string;
  readonly dialog: SipDialog;
  readonly whenEnded: Promise<void>;
}

export interface MoveOptions {
  readonly operationTimeoutMs: number;
  /** Where the target's endpoint is counted while the move is under way. */
  readonly resources: Resources;
  readonly log: Logger;
}

const NEVER = new Promise<never>(() => undefined);

/**
 * Moves a caller's media to another FreeSWITCH: a channel there with the caller's SDP as its
 * remote, a re-INVITE offering that channel to the caller, and the caller's answer handed to the
 * channel when it sends its audio somewhere else than before. Resolves with the new endpoint, which
 * the caller now uses (the old one is still up: the caller of this releases it). Rejects with a
 * MoveFailedError after releasing what it created on the target and, when the caller had already
 * accepted the new channel, offering it the old one again.
 */
export async function moveMedia(leg: LegToMove, target: MediaServerLike, options: MoveOptions): Promise<EndpointLike> {
  const callerSdp = leg.dialog.remote.sdp;
  const offer = callerOffer(callerSdp);
  const fresh = await createOn(target, offer, leg, options);
  const release = options.resources.acquire('endpoints', leg.callId);
  const previous = leg.dialog.local.sdp;
  try {
    const reoffer = reofferFor(previous, callerSdp, fresh.local.sdp);
    // What gives the caller its old channel back, should it accept the new one and the move then fail.
    const back = reofferFor(reoffer, callerSdp, previous);
    const answer = await reinvite(leg, reoffer, { previous, back }, options);
    if (!sameAudioTarget(answer, offer.audioOnly)) await update(fresh, answer, leg, back, options);
    return fresh;
  } catch (error) {
    await race('releasing the new channel', fresh.destroy(), options.operationTimeoutMs, NEVER).catch(
      (releaseError: unknown) => options.log.warn({ err: releaseError }, 'releasing the channel on the target failed'),
    );
    throw error;
  } finally {
    release();
  }
}

/** The caller's SDP as an offer to the target; callers it cannot serve this way are refused. */
function callerOffer(callerSdp: string): OfferSummary {
  let offer: OfferSummary;
  try {
    offer = summariseOffer(callerSdp);
  } catch (error) {
    throw new MoveFailedError('no_caller_sdp', `the caller's SDP is unusable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (offer.srtp)
    throw new MoveFailedError(
      'srtp',
      "the caller's audio is SRTP: fsmrf created its leg with connectCaller, and createEndpoint cannot take an SRTP offer",
    );
  return offer;
}

/** A channel on the target for the caller's offer; one that arrives after the move gave up is released. */
async function createOn(
  target: MediaServerLike,
  offer: OfferSummary,
  leg: LegToMove,
  options: MoveOptions,
): Promise<EndpointLike> {
  // fsmrf asserts synchronously on offers it refuses: a rejection like any other.
  const creating = Promise.resolve().then(() => target.createEndpoint({ remoteSdp: offer.audioOnly }));
  try {
    return await race('creating a channel on the target', creating, options.operationTimeoutMs, leg.whenEnded);
  } catch (error) {
    abandon(
      creating.then((late) =>
        late
          .destroy()
          .catch((releaseError: unknown) => options.log.warn({ err: releaseError }, 'releasing a late channel failed')),
      ),
    );
    throw failure(error, 'target_refused', 'the target FreeSWITCH refused the channel');
  }
}

/**
 * Offers the new channel to the caller; resolves with its answer. On failure the dialog's SDP is
 * the old one again, and a re-INVITE that the caller accepts after the move gave up on it is
 * followed by one offering the old channel back.
 */
async function reinvite(
  leg: LegToMove,
  reoffer: string,
  old: { readonly previous: string; readonly back: string },
  options: MoveOptions,
): Promise<string> {
  const modifying = leg.dialog.modify(reoffer);
  try {
    return await race("re-INVITE of the caller's leg", modifying, options.operationTimeoutMs, leg.whenEnded);
  } catch (error) {
    leg.dialog.local.sdp = old.previous;
    if (error instanceof OperationTimeoutError) abandon(modifying.then(() => putBack(leg, old.back, options)));
    throw failure(error, 'caller_refused', 'the caller refused the re-INVITE');
  }
}

/** Tells the new channel where the caller's audio now comes from; on failure the caller gets its old channel back. */
async function update(
  fresh: EndpointLike,
  answer: string,
  leg: LegToMove,
  back: string,
  options: MoveOptions,
): Promise<void> {
  try {
    await race(
      "the caller's answer to the new channel",
      fresh.modify(answer),
      options.operationTimeoutMs,
      leg.whenEnded,
    );
  } catch (error) {
    if (!(error instanceof CallEndedError)) await putBack(leg, back, options);
    throw failure(error, 'update_refused', "the new channel refused the caller's answer");
  }
}

/** Offers the caller its old channel again; a failure is logged (the caller may hear nothing until it hangs up). */
async function putBack(leg: LegToMove, offer: string, options: MoveOptions): Promise<void> {
  try {
    await race(
      're-INVITE back to the old channel',
      leg.dialog.modify(offer),
      options.operationTimeoutMs,
      leg.whenEnded,
    );
  } catch (error) {
    if (error instanceof CallEndedError) return;
    options.log.error(
      { event: 'media_move_revert_failed', err: error },
      'could not give the caller its old channel back after a failed move: it may hear nothing',
    );
  }
}

/** A step's error as a MoveFailedError: the call ended, a timeout, or `reason`. */
function failure(error: unknown, reason: MoveFailure, what: string): MoveFailedError {
  if (error instanceof MoveFailedError) return error;
  if (error instanceof CallEndedError) return new MoveFailedError('call_ended', error.message, { cause: error });
  if (error instanceof OperationTimeoutError) return new MoveFailedError('timeout', error.message, { cause: error });
  const status = (error as { status?: number } | undefined)?.status;
  const detail = status === undefined ? (error as Error | undefined)?.message : `SIP ${status}`;
  return new MoveFailedError(reason, `${what}${detail ? ` (${detail})` : ''}`, { cause: error });
}
