import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { withPolicy } from '../../src/bundle/index.js';
import type { CallEvent } from '../../src/calls/index.js';
import { PolicyConnection, type PolicyOptions } from '../../src/directory/index.js';
import { parseScenario, runScenario, simulateCall } from '../../src/simulator/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { testBundle } from '../helpers/bundle.js';
import { capturedLogger } from '../helpers/captured-log.js';
import {
  continueWith,
  json,
  startPolicyServer,
  type PolicyServer,
  type SeenRequest,
} from '../helpers/policy-server.js';

const ALICE_PIN = '918273';
const GUEST_PIN = '564738';
const ROOM_PIN = '24680';

/** Rooms only the policy server knows (the services file has none of these aliases). */
function serviceAnswer(request: SeenRequest, res: ServerResponse): void {
  const user = (request.query.get('local_alias') ?? '').replace(/^sips?:/, '').split('@')[0]!;
  const rooms: Record<string, Record<string, unknown>> = {
    'meet.alice': {
      service_type: 'conference',
      name: 'Alice',
      service_tag: 'alice-tag',
      pin: ALICE_PIN,
      guest_pin: GUEST_PIN,
      allow_guests: true,
    },
    '4321': { service_type: 'conference', name: 'Room 4321', pin: ROOM_PIN },
    'meet.4321': { service_type: 'conference', name: 'Room 4321', pin: ROOM_PIN },
    desk: { service_type: 'two_stage_dialing', name: 'Desk', match_string: '(\\d{4})', replace_string: 'meet.\\1' },
  };
  const room = rooms[user];
  json(res, room ? continueWith(room) : { status: 'success', action: 'continue' });
}

let server: PolicyServer | undefined;
let connection: PolicyConnection | undefined;
afterEach(async () => {
  await connection?.close();
  await server?.close();
  server = connection = undefined;
});

async function world(
  participant?: (request: SeenRequest, res: ServerResponse) => void,
  options: Partial<PolicyOptions> = {},
) {
  server = await startPolicyServer((request, res) =>
    request.path.endsWith('/participant/properties') ? participant?.(request, res) : serviceAnswer(request, res),
  );
  const log = capturedLogger();
  connection = new PolicyConnection({
    url: server.url,
    logger: log.logger,
    participants: participant !== undefined,
    ...options,
  });
  return { bundle: withPolicy(testBundle(), connection), log, server };
}

const prompts = (events: readonly { event: CallEvent }[]) =>
  events.flatMap(({ event }) => (event.type === 'prompt' ? [event.id] : []));

describe('calls through an external policy server (simulated calls, real HTTP server)', () => {
  it('a direct dial reaches a room only the policy server knows, with its PIN rules', async () => {
    const { bundle, log } = await world();
    const host = await simulateCall({
      bundle,
      to: 'sip:meet.alice@example.com',
      keys: `,,,${ALICE_PIN}#`,
      logger: log.logger,
    });
    expect(host.end).toMatchObject({ outcome: 'joined', role: 'host', service: 'Alice' });
    const guest = await simulateCall({ bundle, to: 'meet.alice', keys: `,,,${GUEST_PIN}#` });
    expect(guest.end).toMatchObject({ outcome: 'joined', role: 'guest' });
    const wrong = await simulateCall({ bundle, to: 'meet.alice', keys: ',,,1111#,,,,,,,2222#,,,,,,,3333#' });
    expect(wrong.end).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid' });
    for (const pin of [ALICE_PIN, GUEST_PIN]) expect(log.text()).not.toContain(pin);
  });

  it("from the services file's reception and from the policy server's, the entry reaches the server's rooms", async () => {
    const { bundle, server } = await world();
    const viaFile = await simulateCall({ bundle, to: 'sip:8000@example.com', keys: `,,,4321#,,,,,,,${ROOM_PIN}#` });
    expect(viaFile.end).toMatchObject({ outcome: 'joined', service: 'Room 4321', via: 'Reception', role: 'host' });
    const viaDesk = await simulateCall({ bundle, to: 'desk', keys: `,,,4321#,,,,,,,${ROOM_PIN}#` });
    expect(viaDesk.end).toMatchObject({ outcome: 'joined', service: 'Room 4321', via: 'Desk' });
    const entries = server.requests.filter((request) => request.query.get('trigger') === 'two_stage_dialing');
    expect(entries.map((request) => request.query.get('local_alias'))).toEqual(['4321@example.com', 'meet.4321']);
  });

  it('rooms the server hands back (continue) and the services file still work; reject is 404', async () => {
    const { bundle, server } = await world();
    expect((await simulateCall({ bundle, to: '1002', keys: ',,,1234#' })).end).toMatchObject({ outcome: 'joined' });
    server.respond((_request, res) => json(res, { status: 'success', action: 'reject' }));
    const rejected = await simulateCall({ bundle, to: '1002' });
    expect(rejected.end).toMatchObject({ outcome: 'rejected', reason: 'unknown_alias' });
    expect(rejected.call.rejected).toBe('not_found');
  });

  it('a failing server with policy.fallback: reject refuses the call with 503 (lookup_failed)', async () => {
    const { bundle, server } = await world(undefined, { fallback: 'reject' });
    server.respond((_request, res) => json(res, {}, 500));
    const refused = await simulateCall({ bundle, to: '1002' });
    expect(refused.end).toMatchObject({ outcome: 'rejected', reason: 'lookup_failed' });
    expect(refused.call.rejected).toBe('unavailable');
  });

  it('participant policy: a preauthenticated chair joins as host at once, without being asked for a PIN', async () => {
    const { bundle, server } = await world((_request, res) =>
      json(res, continueWith({ preauthenticated_role: 'chair' })),
    );
    const result = await simulateCall({ bundle, to: 'meet.alice', from: 'sip:room-system@example.com' });
    expect(result.end).toMatchObject({ outcome: 'joined', role: 'host', service: 'Alice' });
    expect(prompts(result.events)).not.toContain('pin.enter');
    const asked = server.requests.find((request) => request.path.endsWith('/participant/properties'))!;
    expect(Object.fromEntries(asked.query)).toMatchObject({
      service_name: 'Alice',
      local_alias: 'meet.alice',
      remote_alias: 'sip:room-system@example.com',
      call_direction: 'dial_in',
    });
  });

  it('participant policy: a guest role from a reception joins the room as guest', async () => {
    const { bundle } = await world((_request, res) => json(res, continueWith({ preauthenticated_role: 'guest' })));
    const result = await simulateCall({ bundle, to: 'desk', keys: ',,,4321#' });
    expect(result.end).toMatchObject({ outcome: 'joined', role: 'guest', via: 'Desk' });
  });

  it('participant policy: reject refuses a direct caller as a blocked source is, and at a reception is an unknown number', async () => {
    const { bundle } = await world((_request, res) => json(res, { status: 'success', action: 'reject' }));
    const direct = await simulateCall({ bundle, to: 'meet.alice' });
    expect(direct.end).toMatchObject({ outcome: 'rejected', reason: 'policy_rejected', service: 'Alice' });
    expect(direct.call.rejected).toBe('blocked');
    const reception = await simulateCall({
      bundle,
      to: 'desk',
      keys: ',,,4321#,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,',
    });
    expect(prompts(reception.events)).toContain('reception.number_not_found');
    expect(reception.end).not.toMatchObject({ outcome: 'joined' });
  });

  it('participant policy that fails changes nothing with fallback local (PIN entry), and refuses with fallback reject', async () => {
    const broken = (_request: SeenRequest, res: ServerResponse) => json(res, {}, 502);
    const { bundle } = await world(broken);
    const asked = await simulateCall({ bundle, to: 'meet.alice', keys: `,,,${ALICE_PIN}#` });
    expect(asked.end).toMatchObject({ outcome: 'joined', role: 'host' });
    expect(prompts(asked.events)).toContain('pin.enter');
    await connection!.close();
    await server!.close();
    const strict = await world(broken, { fallback: 'reject' });
    const refused = await simulateCall({ bundle: strict.bundle, to: 'meet.alice' });
    expect(refused.end).toMatchObject({ outcome: 'rejected', reason: 'lookup_failed' });
  });

  it('a scenario with several callers runs against the same server', async () => {
    const { bundle } = await world();
    const scenario = parseScenario(
      new YamlSource(
        '/tmp/policy-scenario.yaml',
        `callers:\n  - { id: a, to: meet.alice, keys: ",,,${ALICE_PIN}#" }\n  - { id: b, to: meet.alice, at: 1, keys: ",,,${GUEST_PIN}#" }\n`,
      ),
    );
    const result = await runScenario({ bundle, scenario });
    // The usage log's service tag comes from the policy server's answer too.
    expect(result.records.get('a')).toMatchObject({
      admitted: true,
      role: 'host',
      service: 'Alice',
      serviceTag: 'alice-tag',
    });
    expect(result.records.get('b')).toMatchObject({ admitted: true, role: 'guest' });
  });
});
