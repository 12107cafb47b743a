import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowSummary, FlowView, ServicesView } from '../../src/studio/index.js';
import { GUEST_PIN, HOST_PIN, startStudioHarness, type StudioHarness } from '../helpers/studio-harness.js';

let harness: StudioHarness;
let base: string;

beforeAll(async () => {
  harness = await startStudioHarness();
  base = harness.studio.url.replace(/\/$/, '');
});
afterAll(() => harness.close());

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- each call names what its route answers
async function json<T>(method: string, path: string, body?: unknown, type = 'application/json') {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Reads a call's Server-Sent Events until it closes; returns the `simulate --json` objects and the closing event. */
async function events(id: string): Promise<{ messages: Record<string, unknown>[]; closed: Record<string, unknown> }> {
  const response = await fetch(`${base}/api/calls/${id}/events`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const messages: Record<string, unknown>[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before the call closed');
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (data === undefined) continue;
      if (event === 'message') messages.push(JSON.parse(data) as Record<string, unknown>);
      if (event === 'closed') {
        await reader.cancel();
        return { messages, closed: JSON.parse(data) as Record<string, unknown> };
      }
    }
  }
}

describe('foyer studio API', () => {
  it('lists the flows and serves one with its states, transitions and lines', async () => {
    const flows = await json<FlowSummary[]>('GET', '/api/flows');
    expect(flows.body.map((flow) => flow.name)).toEqual([
      'meeting',
      'pin-entry',
      'room',
      'transfer',
      'virtual-reception',
    ]);
    const flow = await json<FlowView>('GET', '/api/flows/pin-entry');
    const text = readFileSync(join(harness.flowsDir, 'pin-entry.yaml'), 'utf8');
    expect(flow.body.text).toBe(text);
    const waiting = flow.body.states.find((state) => state.id === 'waiting')!;
    expect(text.split('\n')[waiting.line - 1]).toMatch(/^ {2}waiting:/);
    const timeout = flow.body.transitions.find((t) => t.from === 'waiting' && t.kind === 'after')!;
    expect(timeout).toMatchObject({ to: 'timedOut', event: 'after 10s', delay: { name: 'first_digit_timeout' } });
    expect(text.split('\n')[timeout.line - 1]).toContain('first_digit_timeout: timedOut');
  });

  it('refuses an invalid flow with 422 and its problems by line, and leaves the file as it was', async () => {
    const file = join(harness.flowsDir, 'pin-entry.yaml');
    const before = readFileSync(file, 'utf8');
    const broken = before.replace('onDone: waiting', 'onDone: nowhere');
    const line = broken.split('\n').findIndex((text) => text.includes('onDone: nowhere')) + 1;
    const answer = await json<{ file: string; line: number; message: string }[]>(
      'PUT',
      '/api/flows/pin-entry',
      broken,
      'text/yaml',
    );
    expect(answer.status).toBe(422);
    expect(answer.body).toContainEqual(expect.objectContaining({ file: 'flows/pin-entry.yaml', line }));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('writes a valid flow, and an invalid one only as an explicit draft', async () => {
    const file = join(harness.flowsDir, 'virtual-reception.yaml');
    const before = readFileSync(file, 'utf8');
    const changed = before.replace('max_digits: 20', 'max_digits: 12');
    expect((await json('PUT', '/api/flows/virtual-reception', changed, 'text/yaml')).status).toBe(200);
    expect(readFileSync(file, 'utf8')).toBe(changed);
    const broken = `${changed}\n  extra: [\n`;
    expect((await json('PUT', '/api/flows/virtual-reception?draft=1', broken, 'text/yaml')).status).toBe(200);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect((await json('PUT', '/api/flows/virtual-reception', before, 'text/yaml')).status).toBe(200);
  });

  it('writes nothing outside the flows folder: a name is a flow name, never a path', async () => {
    for (const name of ['..%2Fservices', '..', '.pin-entry', 'nope'])
      expect((await json('PUT', `/api/flows/${name}`, 'states: {}\n', 'text/yaml')).status).toBe(404);
    expect((await json('GET', '/api/audio/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('answers on localhost only, and takes changes only from its own page', async () => {
    const status = (headers: Record<string, string>, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/api/flows`, { method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status({ host: 'attacker.example:80' })).toBe(403);
    expect(await status({ origin: 'http://attacker.example' }, 'POST')).toBe(403);
    expect(await status({})).toBe(200);
  });

  it('shows whether a room has PINs, never the PINs', async () => {
    const services = await json<ServicesView>('GET', '/api/services');
    expect(services.body.services.find((service) => service.name === 'Test room')).toMatchObject({
      flow: 'pin-entry',
      hostPinSet: true,
      guestPinSet: true,
    });
  });

  it('runs a call through the real flows: reception, room, PIN, joined; keys as the simulator takes them', async () => {
    const call = await json<{ id: string }>('POST', '/api/calls', { to: '8000', speed: 16 });
    expect(call.status).toBe(201);
    const stream = events(call.body.id);
    expect((await json('POST', `/api/calls/${call.body.id}/keys`, { keys: `1001#${HOST_PIN}#` })).status).toBe(200);
    // Once joined the caller stays in the meeting: hang up when the IVR's end line is out.
    await expect.poll(() => harness.sent().includes('"type":"end"'), { timeout: 20_000, interval: 50 }).toBe(true);
    expect((await json('DELETE', `/api/calls/${call.body.id}`)).status).toBe(200);
    const { messages, closed } = await stream;
    expect(closed).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup', admitted: true });
    const end = messages.find((message) => message.type === 'end');
    expect(end).toMatchObject({ type: 'end', outcome: 'joined', role: 'host', service: 'Test room', via: 'Reception' });
    const states = messages
      .filter((message) => message.type === 'state')
      .map((m) => `${String(m.flow)}:${String(m.state)}`);
    expect(states).toContain('virtual-reception:holding');
    expect(states.at(-1)).toBe('pin-entry:admitted');
    expect(
      messages
        .filter((m) => m.type === 'dtmf')
        .map((m) => m.digit)
        .join(''),
    ).toBe('1001#xxxxxxxxx');
    expect(harness.sent()).not.toContain(HOST_PIN);
    expect(harness.sent()).not.toContain(GUEST_PIN);
  });

  it("refuses a bad key script with the simulator's message", async () => {
    const call = await json<{ id: string }>('POST', '/api/calls', { to: '8000' });
    const answer = await json<{ error: string }>('POST', `/api/calls/${call.body.id}/keys`, { keys: '12x' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain('"x" at position 3 is not a key');
    await json('DELETE', `/api/calls/${call.body.id}`);
  });
});
