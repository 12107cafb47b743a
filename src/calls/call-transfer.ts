import { expandTarget, redactUri, type Role, type Room } from '../directory/index.js';
import { TransferFailedError, type TransferDone } from '../flows/index.js';
import type { Logger } from '../observability/index.js';
import type { Departure } from './admit.js';
import type { CallEvent } from './call-events.js';
import type { CallChannel } from './channel.js';
import { transferCaller, type CallTransfer, type TransferReport } from './transfer.js';

/** What a call's transfer needs of its session. */
export interface TransferCallPorts {
  readonly callId: string;
  readonly log: Logger;
  readonly port: CallTransfer | undefined;
  emit(event: CallEvent): void;
}

/** The room's PIN for a role ('' when it has none), for `{pin}` in send_keys: never logged. */
function pinFor(room: Room, role: Role): string {
  return (role === 'host' ? room.hostPin : room.guestPin) ?? '';
}

/**
 * One call's transfer to a room hosted elsewhere (the flows' transferCall): fills the target's
 * templates, asks the back-end's port, reports the result (a `transfer` call event: the usage
 * log's record and the simulator's line; the target without credentials, never the keys sent),
 * and keeps what the session needs after: the bridged call's departure, and the transfer's end
 * when the caller hung up while the target rang.
 */
export class CallTransferStep {
  private running: Promise<unknown> | undefined;
  /** Settles when the transferred caller's call ends (bridged), or at once (referred). */
  departure: Promise<Departure> | undefined;

  constructor(private readonly ports: TransferCallPorts) {}

  async run(channel: CallChannel | undefined, room: Room, role: Role, signal: AbortSignal): Promise<TransferDone> {
    const { target } = room;
    if (!channel || !target) throw new TransferFailedError('unavailable');
    const { port, log } = this.ports;
    if (!port) {
      log.error({ room: room.name }, 'this back-end cannot transfer calls; room hosted elsewhere unreachable');
      throw new TransferFailedError('unavailable');
    }
    const resolved = expandTarget(target, {
      alias: room.aliases[0] ?? '',
      service: room.name,
      role,
      pin: pinFor(room, role),
    });
    const running = transferCaller(port, { channel, callId: this.ports.callId, room, role, target: resolved }, signal);
    this.running = running.catch(() => undefined);
    let report: TransferReport;
    try {
      report = await running;
    } catch (error) {
      log.error({ err: error, room: room.name, target: redactUri(resolved.uri) }, 'transfer failed');
      throw new TransferFailedError('unavailable');
    }
    this.report(room, redactUri(resolved.uri), report);
    if (report.result === 'bridged' || report.result === 'referred') {
      this.departure = report.departure ?? Promise.resolve({ by: 'foyer', reason: report.result });
      return { result: report.result, ...(report.status !== undefined && { status: report.status }) };
    }
    throw new TransferFailedError(report.result === 'caller_gone' ? 'unavailable' : report.result, report.status);
  }

  /** Settles once a transfer still running (the caller hung up while the target rang) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  private report(room: Room, target: string, report: TransferReport): void {
    const { result, status, method, fellBack, referStatus } = report;
    const event: CallEvent = {
      type: 'transfer',
      service: room.name,
      target,
      method,
      result,
      ...(status !== undefined && { status }),
      ...(fellBack && { fallback: true, ...(referStatus !== undefined && { refer_status: referStatus }) }),
    };
    this.ports.log.info({ event: 'transfer', ...event }, `transfer ${result}`);
    this.ports.emit(event);
  }
}
