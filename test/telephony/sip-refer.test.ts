import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TransferRequest } from '../../src/calls/index.js';
import type { ResolvedTarget, Room } from '../../src/directory/index.js';
import { Resources, silentLogger } from '../../src/observability/index.js';
import {
  FreeswitchChannel,
  FreeswitchTransfer,
  referTo,
  sipfragStatus,
  type SipRequest,
  type SipResponse,
} from '../../src/telephony/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import { FakeDialog, FakeEndpoint } from './doubles.js';

/** A drachtio-srf Dialog that answers REFER with `referStatus` and lets the test send NOTIFYs. */
class ReferringDialog extends FakeDialog {
  override readonly local = { sdp: '', uri: 'sip:foyer@192.0.2.99:5080' };
  readonly requests: { method: string; headers?: Record<string, string> }[] = [];
  constructor(private readonly referStatus: number | Error) {
    super();
  }

  // FakeDialog's request takes no arguments; drachtio-srf's takes the request's options.
  override request(...args: unknown[]): Promise<unknown> {
    this.requests.push(args[0] as { method: string; headers?: Record<string, string> });
    if (this.referStatus instanceof Error) return Promise.reject(this.referStatus);
    return Promise.resolve({ status: this.referStatus });
  }

  /** The caller's NOTIFY with a message/sipfrag body; returns what Foyer answered. */
  notify(sipfrag: string): number | undefined {
    let status: number | undefined;
    const req = Object.assign(new EventEmitter(), { method: 'NOTIFY', body: sipfrag }) as unknown as SipRequest;
    const res: SipResponse = { send: (code: number) => void (status = code) };
    this.emit('notify', req, res);
    return status;
  }
}

const ROOM: Room = { name: 'Refer only', type: 'auditorium', aliases: ['2003'], allowGuests: false };

const TARGET: ResolvedTarget = {
  uri: 'sip:town-hall@partner.example.com',
  method: 'refer',
  media: 'direct',
  headers: { 'X-Foyer-Role': 'guest' },
  ringTimeoutMs: 20_000,
};

function setup(referStatus: number | Error = 202) {
  const clock = new SimulatedClock();
  const resources = new Resources();
  const dialog = new ReferringDialog(referStatus);
  const channel = new FreeswitchChannel('call-1', dialog, new FakeEndpoint(), {
    promptBase: '/p',
    conferenceProfile: 'foyer',
    logger: silentLogger,
    operationTimeoutMs: 1_000,
    resources,
  });
  const request: TransferRequest = {
    channel,
    callId: 'call-1',
    room: ROOM,
    role: 'guest',
    target: TARGET,
  };
  const abort = new AbortController();
  const transfer = new FreeswitchTransfer(clock, silentLogger);
  return { clock, resources, dialog, channel, request, abort, transfer };
}

/** Lets the REFER's response arrive. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A REFER sent, its response arrived: the test plays the caller's NOTIFYs. */
async function referring() {
  const w = setup();
  const running = w.transfer.refer(w.request, w.abort.signal);
  await settle();
  return { ...w, running };
}

describe('REFER on the FreeSWITCH back-end (drachtio-srf doubles)', () => {
  it('sends REFER with Refer-To (the target headers as URI headers) and Referred-By', async () => {
    const w = await referring();
    expect(w.dialog.requests).toEqual([
      {
        method: 'REFER',
        headers: {
          'Refer-To': '<sip:town-hall@partner.example.com?X-Foyer-Role=guest>',
          'Referred-By': '<sip:foyer@192.0.2.99:5080>',
        },
      },
    ]);
    expect(w.dialog.notify('SIP/2.0 100 Trying\r\n')).toBe(200);
    expect(w.dialog.notify('SIP/2.0 180 Ringing\r\n')).toBe(200);
    expect(w.dialog.notify('SIP/2.0 200 OK\r\n')).toBe(200);
    expect(await w.running).toEqual({ result: 'referred', status: 200 });
    // Foyer's leg ends: BYE to the caller, the FreeSWITCH endpoint released.
    expect(w.dialog.destroyed).toBe(1);
    expect(w.resources.holders()).toEqual({});
    expect(w.clock.pending).toBe(0);
  });

  it('a REFER the caller refuses (603) is rejected with its status; the call stays', async () => {
    const w = setup(603);
    expect(await w.transfer.refer(w.request, w.abort.signal)).toEqual({ result: 'rejected', status: 603 });
    expect(w.dialog.destroyed).toBe(0);
    expect(w.clock.pending).toBe(0);
  });

  it('a NOTIFY with a failure (the target busy) is rejected with that status', async () => {
    const w = await referring();
    w.dialog.notify('SIP/2.0 486 Busy Here\r\n');
    expect(await w.running).toEqual({ result: 'rejected', status: 486 });
    expect(w.dialog.destroyed).toBe(0);
  });

  it('no final NOTIFY within the ring timeout: no_answer', async () => {
    const w = await referring();
    w.dialog.notify('SIP/2.0 180 Ringing\r\n');
    await w.clock.advance(20_000);
    expect(await w.running).toEqual({ result: 'no_answer' });
    expect(w.dialog.listenerCount('notify')).toBe(0);
  });

  it('the caller hangs up (BYE) or the call ends meanwhile: caller_gone, nothing left listening', async () => {
    const w = await referring();
    w.dialog.emit('destroy');
    expect(await w.running).toEqual({ result: 'caller_gone' });
    expect(w.dialog.listenerCount('notify')).toBe(0);
    const v = setup();
    const aborted = v.transfer.refer(v.request, v.abort.signal);
    v.abort.abort();
    expect(await aborted).toEqual({ result: 'caller_gone' });
    expect(v.clock.pending).toBe(0);
  });

  it('a REFER that cannot be sent is rejected without a status', async () => {
    const w = setup(new Error('drachtio-server gone'));
    expect(await w.transfer.refer(w.request, w.abort.signal)).toEqual({ result: 'rejected' });
  });

  it('reads sipfrag status lines and encodes URI headers', () => {
    expect(sipfragStatus('SIP/2.0 503 Service Unavailable')).toBe(503);
    expect(sipfragStatus('garbage')).toBeUndefined();
    expect(referTo('sip:a@b', { 'X-Room': 'Weekly sync' })).toBe('<sip:a@b?X-Room=Weekly%20sync>');
    expect(referTo('sip:a@b', {})).toBe('<sip:a@b>');
  });
});
