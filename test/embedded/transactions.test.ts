import { describe, expect, it } from 'vitest';
import { SipEndpoint } from '../../src/embedded/sip/sip-endpoint.js';
import { SipMessage } from '../../src/embedded/sip/sip-message.js';
import type { ServerTransaction } from '../../src/embedded/sip/server-transaction.js';
import { createLogger } from '../../src/observability/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import { FakeTransport, request, TCP, UDP } from './fake-transport.js';

function setup() {
  const clock = new SimulatedClock();
  const wire = new FakeTransport();
  const endpoint = new SipEndpoint(wire.asTransport(), clock, createLogger({ level: 'silent' }));
  const requests: ServerTransaction[] = [];
  const acks: SipMessage[] = [];
  endpoint.handle({ request: (transaction) => requests.push(transaction), ack: (ack) => acks.push(ack) });
  /** When each message went out, by status or method. */
  const times = () => wire.sent.map(({ message }) => `${message.status ?? message.method!}`);
  return { clock, wire, endpoint, requests, acks, times };
}

describe('server transactions (RFC 3261 17.2, on the injected clock)', () => {
  it('an INVITE gets 100 at once; its 200 is resent at T1, 2T1, 4T1... until the ACK, then never again', async () => {
    const { clock, wire, requests, acks } = setup();
    wire.deliver(request('INVITE'), UDP);
    expect(wire.statuses()).toEqual([100]);
    requests[0]!.respond(200, { toTag: 'foyer1' });
    await clock.advance(500);
    await clock.advance(1000);
    await clock.advance(2000);
    expect(wire.statuses()).toEqual([100, 200, 200, 200, 200]);
    wire.deliver(request('ACK', { branch: 'z9hG4bK-ack', toTag: 'foyer1' }), UDP);
    expect(acks).toHaveLength(1);
    requests[0]!.ack();
    await clock.advance(40_000);
    expect(wire.statuses()).toEqual([100, 200, 200, 200, 200]);
    expect(clock.pending).toBe(0);
  });

  it('a 200 never acknowledged is resent at most every T2 and given up after 64*T1', async () => {
    const { clock, wire, requests } = setup();
    wire.deliver(request('INVITE'), UDP);
    let gaveUp = false;
    requests[0]!.onAckTimeout = () => (gaveUp = true);
    requests[0]!.respond(200, { toTag: 'foyer1' });
    await clock.runUntil(32_000);
    expect(gaveUp).toBe(true);
    // 500, 1500, 3500, 7500, then every 4 s up to 32 s.
    expect(wire.statuses().filter((status) => status === 200)).toHaveLength(1 + 4 + 6);
  });

  it('a refusal is resent until its ACK (same branch), which the transaction absorbs', async () => {
    const { clock, wire, requests, acks } = setup();
    wire.deliver(request('INVITE'), UDP);
    requests[0]!.respond(486);
    await clock.advance(600);
    wire.deliver(request('ACK', { toTag: 'x' }).replace('CSeq: 1 ACK', 'CSeq: 1 ACK'), UDP);
    await clock.advance(10_000);
    expect(wire.statuses()).toEqual([100, 486, 486]);
    expect(acks).toEqual([]);
  });

  it('a request sent again gets the last answer again, and reaches Foyer once', () => {
    const { wire, requests } = setup();
    wire.deliver(request('OPTIONS'), UDP);
    requests[0]!.respond(200);
    wire.deliver(request('OPTIONS'), UDP);
    expect(requests).toHaveLength(1);
    expect(wire.statuses()).toEqual([200, 200]);
  });

  it('over TCP nothing is resent', async () => {
    const { clock, wire, requests } = setup();
    wire.deliver(request('INVITE'), TCP);
    requests[0]!.respond(200, { toTag: 'foyer1' });
    await clock.advance(10_000);
    expect(wire.statuses()).toEqual([100, 200]);
  });

  it('CANCEL: 200 and 487 to a ringing INVITE; 481 to one it does not know', () => {
    const { wire, requests } = setup();
    wire.deliver(request('INVITE'), UDP);
    let canceled = false;
    requests[0]!.onCancel(() => (canceled = true));
    wire.deliver(request('CANCEL'), UDP);
    expect(canceled).toBe(true);
    expect(wire.statuses()).toEqual([100, 200, 487]);
    wire.deliver(request('CANCEL', { branch: 'z9hG4bK-other' }), UDP);
    expect(wire.statuses().at(-1)).toBe(481);
  });

  it('a request missing a header is answered 400 saying which', () => {
    const { wire, requests } = setup();
    wire.deliver(request('OPTIONS').replace(/From:[^\r]*\r\n/, ''), UDP);
    expect(requests).toEqual([]);
    expect(wire.sent[0]!.message.status).toBe(400);
    expect(wire.sent[0]!.message.get('warning')).toBe('399 foyer "missing From header"');
  });
});

describe('client transactions (RFC 3261 17.1)', () => {
  const bye = () => SipMessage.parse(Buffer.from(request('BYE', { branch: 'z9hG4bK-bye', toTag: 'a' }))) as SipMessage;

  it('a BYE is resent at T1 doubling up to T2, and becomes a 408 after 64*T1 with no answer', async () => {
    const { clock, wire, endpoint } = setup();
    const transaction = endpoint.request(UDP, bye());
    let final: SipMessage | undefined;
    void transaction.final.then((response) => (final = response));
    await clock.runUntil(32_000);
    expect(final?.status).toBe(408);
    // 0, 0.5, 1.5, 3.5, 7.5, then every 4 s while under 32 s.
    expect(wire.sent.length).toBe(5 + 6);
    expect(endpoint.transactions).toBe(0);
  });

  it('the answer ends the resending', async () => {
    const { clock, wire, endpoint } = setup();
    const transaction = endpoint.request(UDP, bye());
    await clock.advance(600);
    wire.deliver(
      `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK-bye\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=a\r\nCall-ID: call-1\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n`,
      UDP,
    );
    expect((await transaction.final).status).toBe(200);
    await clock.advance(40_000);
    expect(wire.sent).toHaveLength(2);
  });
});
