import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { handleCall, type CallRecord } from '../../src/calls/index.js';
import { Metrics, silentLogger, startHealthServer } from '../../src/observability/index.js';
import { SimulatedCall, SimulationWorld, parseKeyScript } from '../../src/simulator/index.js';
import { FreeswitchChannel } from '../../src/telephony/index.js';
import { testBundle } from '../helpers/bundle.js';
import { FakeDialog, FakeEndpoint } from '../telephony/doubles.js';

const bundle = testBundle();
const servers: Server[] = [];
const registries: Metrics[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  registries.splice(0).forEach((metrics) => metrics.close());
});

function newMetrics(): Metrics {
  const metrics = new Metrics();
  registries.push(metrics);
  return metrics;
}

async function serve(metrics: Metrics): Promise<string> {
  const server = await startHealthServer(0, '127.0.0.1', () => ({ ok: true }), silentLogger, {}, metrics);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one series, or undefined when it is not exposed. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('shows a simulated call as it happens: IVR, meeting, then its outcome (and never a PIN)', async () => {
    const metrics = newMetrics();
    const url = await serve(metrics);
    const world = new SimulationWorld({ bundle });
    metrics.watchConferences(() => ({ instances: world.meetings.count, participants: world.meetings.participants }));
    // Reception (the caller listens for 3 s first), room 1001, a wrong PIN, then the guest PIN; the caller stays until hung up.
    const call = new SimulatedCall(world.clock, {
      callId: 'm1',
      to: '8000',
      from: 'sip:a@example.com',
      source: '192.0.2.7',
      script: parseKeyScript(',,,1001#1111#5678#'),
    });
    let record: CallRecord | undefined;
    const done = handleCall(call, { ...world.sessionOptions(undefined), metrics }).then((result) => (record = result));

    await world.clock.advance(1000);
    const inIvr = await scrape(url);
    expect(value(inIvr, 'foyer_calls_active{stage="ivr"}')).toBe(1);
    expect(value(inIvr, 'foyer_calls_active{stage="meeting"}')).toBe(0);

    await world.clock.runWhile(() => world.meetings.participants === 0);
    const inMeeting = await scrape(url);
    expect(value(inMeeting, 'foyer_calls_active{stage="ivr"}')).toBe(0);
    expect(value(inMeeting, 'foyer_calls_active{stage="meeting"}')).toBe(1);
    expect(value(inMeeting, 'foyer_pin_attempts_total{result="good"}')).toBe(1);
    expect(value(inMeeting, 'foyer_pin_attempts_total{result="bad"}')).toBe(1);
    expect(
      value(inMeeting, 'foyer_flow_transitions_total{flow="virtual-reception",state="collecting"}'),
    ).toBeGreaterThan(0);
    expect(value(inMeeting, 'foyer_flow_transitions_total{flow="pin-entry",state="admitted"}')).toBe(1);
    // The first prompt starts after the flow's 2 s answer delay.
    expect(value(inMeeting, 'foyer_call_setup_seconds_count')).toBe(1);
    expect(value(inMeeting, 'foyer_call_setup_seconds_sum')).toBe(2);
    expect(value(inMeeting, 'foyer_call_setup_seconds_bucket{le="1.5"}')).toBe(0);
    expect(value(inMeeting, 'foyer_call_setup_seconds_bucket{le="2"}')).toBe(1);
    expect(value(inMeeting, 'foyer_pin_to_join_seconds_count')).toBe(1);
    expect(value(inMeeting, 'foyer_conference_instances')).toBe(1);
    expect(value(inMeeting, 'foyer_conference_participants')).toBe(1);
    expect(value(inMeeting, 'foyer_event_loop_delay_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0);
    expect(inMeeting).toContain('# TYPE foyer_blocks_total counter');
    expect(value(inMeeting, 'foyer_dtmf_total{transport="rfc4733"}')).toBe(0);
    expect(value(inMeeting, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    for (const pin of ['1111', '5678', '1234']) expect(inMeeting).not.toMatch(new RegExp(`="${pin}"`));

    call.channel.callerHangup();
    await world.clock.runWhile(() => record === undefined);
    await done;
    const after = await scrape(url);
    expect(value(after, 'foyer_calls_active{stage="meeting"}')).toBe(0);
    expect(value(after, 'foyer_calls_total{outcome="hangup",reason="caller_hangup",service_type="vmr"}')).toBe(1);
    expect(value(after, 'foyer_conference_instances')).toBe(0);
  });

  it('counts a call to an unknown alias as rejected, with no service type', async () => {
    const metrics = newMetrics();
    const world = new SimulationWorld({ bundle });
    const call = new SimulatedCall(world.clock, {
      callId: 'm2',
      to: '9999',
      from: 'sip:a@example.com',
      source: '192.0.2.7',
      script: [],
    });
    await handleCall(call, { ...world.sessionOptions(undefined), metrics });
    const text = await metrics.text();
    expect(value(text, 'foyer_calls_total{outcome="rejected",reason="unknown_alias",service_type="none"}')).toBe(1);
    expect(value(text, 'foyer_calls_active{stage="ivr"}')).toBe(0);
  });

  it('serves media and SIP server health, and several registries side by side', async () => {
    const first = newMetrics();
    const second = newMetrics();
    first.watchMediaServers(() => [{ server: '127.0.0.1:8021', up: true, calls: 3 }]);
    first.watchSipServers(() => [{ server: '127.0.0.1:9022', up: false }]);
    first.blocked('source');
    const text = await scrape(await serve(first));
    expect(value(text, 'foyer_media_server_up{server="127.0.0.1:8021"}')).toBe(1);
    expect(value(text, 'foyer_media_server_calls{server="127.0.0.1:8021"}')).toBe(3);
    expect(value(text, 'foyer_sip_server_up{server="127.0.0.1:9022"}')).toBe(0);
    expect(value(text, 'foyer_blocks_total{scope="source"}')).toBe(1);
    expect(value(await second.text(), 'foyer_blocks_total{scope="source"}')).toBe(0);
  });

  it('shows what calls hold, by kind, and nothing once a call has ended', async () => {
    const metrics = newMetrics();
    const world = new SimulationWorld({ bundle });
    metrics.watchResources(() => world.resources.totals());
    const url = await serve(metrics);
    const call = new SimulatedCall(world.clock, {
      callId: 'r',
      to: '1002',
      from: 'sip:r@example.com',
      source: '192.0.2.3',
      script: [],
      resources: world.resources,
    });
    const done = handleCall(call, { ...world.sessionOptions(undefined), usage: world.usage });
    await world.clock.advance(3_000);
    const during = await scrape(url);
    expect(value(during, 'foyer_live_resources{kind="flow_actors"}')).toBe(1);
    expect(value(during, 'foyer_live_resources{kind="channels"}')).toBe(1);
    call.channel.callerHangup();
    await world.clock.runWhile(() => true);
    await done;
    const after = await scrape(url);
    for (const kind of ['flow_actors', 'timers', 'channels', 'participants', 'members', 'conferences', 'endpoints'])
      expect(value(after, `foyer_live_resources{kind="${kind}"}`), kind).toBe(0);
  });

  it('counts keys from FreeSWITCH by transport', async () => {
    const metrics = newMetrics();
    const endpoint = new FakeEndpoint();
    const dialog = new FakeDialog();
    new FreeswitchChannel('c', dialog, endpoint, {
      promptBase: '/p',
      conferenceProfile: 'foyer',
      logger: silentLogger,
      operationTimeoutMs: 1000,
      metrics,
    });
    endpoint.emit('dtmf', { dtmf: '1', duration: '160', source: 'RTP' });
    endpoint.emit('dtmf', { dtmf: '2', duration: '160', source: 'RTP' });
    const text = await metrics.text();
    expect(value(text, 'foyer_dtmf_total{transport="rfc4733"}')).toBe(2);
    expect(value(text, 'foyer_dtmf_total{transport="sip_info"}')).toBe(0);
  });

  it('answers 404 for /metrics when the server has no metrics', async () => {
    const server = await startHealthServer(0, '127.0.0.1', () => ({ ok: true }), silentLogger);
    servers.push(server);
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(response.status).toBe(404);
  });
});
