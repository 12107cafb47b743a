import type { CallTransfer, TransferAttempt, TransferRequest } from '../calls/index.js';
import type { Logger } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import { FreeswitchChannel } from './freeswitch-channel.js';
import { refer } from './sip-refer.js';

/**
 * Transfers on the FreeSWITCH back-end: REFER to the caller through drachtio-server. On the
 * NOTIFY with 200 the caller is in a call with the target: Foyer's leg ends (BYE, and the
 * FreeSWITCH endpoint is released). Bridging (B2BUA) is not built yet: the back-end refuses
 * targets that need it at startup, so `bridge` is never asked for.
 */
export class FreeswitchTransfer implements CallTransfer {
  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async refer(request: TransferRequest, signal: AbortSignal): Promise<TransferAttempt> {
    const { channel, target } = request;
    if (!(channel instanceof FreeswitchChannel)) throw new Error('REFER needs a call through drachtio-server');
    const { dialog } = channel;
    const attempt = await refer(
      dialog,
      {
        target: target.uri,
        headers: target.headers,
        referredBy: dialog.local.uri ?? 'sip:foyer@invalid',
        timeoutMs: target.ringTimeoutMs,
      },
      this.clock,
      signal,
    );
    this.logger.debug(
      { callId: request.callId, event: 'refer', result: attempt.result, status: attempt.status },
      'REFER ended',
    );
    if (attempt.result === 'referred') await channel.hangup();
    return attempt;
  }

  bridge(): Promise<TransferAttempt> {
    return Promise.reject(new Error('bridging to a room hosted elsewhere is not built yet on the FreeSWITCH back-end'));
  }
}
