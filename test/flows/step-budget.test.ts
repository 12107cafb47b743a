import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/bundle/index.js';
import { handleCall, type CallRecord } from '../../src/calls/index.js';
import { FlowSet, parseFlow } from '../../src/flows/index.js';
import { SimulatedCall, SimulationWorld } from '../../src/simulator/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { testBundle } from '../helpers/bundle.js';

/** A reception that, once a key is pressed, goes round two states whose guards keep passing. */
const SPINNING_RECEPTION = `initial: start
settings:
  answer_delay: 2s
states:
  start:
    after:
      answer_delay: listening
  listening:
    on:
      DTMF: first
    after: { 60000: done }
  first:
    always: { guard: { type: entryIs, params: { value: "" } }, target: second }
    after: { 1000: done }
  second:
    always: { guard: { type: entryIs, params: { value: "" } }, target: first }
    after: { 1000: done }
  done:
    type: final
    output: { outcome: disconnected, reason: number_no_input }
`;

/**
 * Many callers whose keys arrive in one turn of the event loop (a busy SIP front delivers a burst
 * of INFO or RTP events at once). Each call has its own budget of steps without waiting: a burst
 * of legitimate calls never ends any of them.
 */
async function burst(
  callers: number,
  to: (index: number) => string,
  keys: string,
  bundle: Bundle = testBundle(),
): Promise<CallRecord[]> {
  const world = new SimulationWorld({ bundle });
  const calls = Array.from(
    { length: callers },
    (_, index) =>
      new SimulatedCall(world.clock, {
        callId: `burst-${index}`,
        to: to(index),
        from: `sip:caller${index}@example.com`,
        source: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
        script: [],
        resources: world.resources,
      }),
  );
  const records: CallRecord[] = [];
  const ended = calls.map((call) =>
    handleCall(call, { ...world.sessionOptions(undefined), usage: world.usage }).then((record) => {
      records.push(record);
    }),
  );
  // Every caller has heard the PIN prompt and is asked for the PIN (answer delay 2 s; 10 s to the first key).
  await world.clock.runUntil(8_000);
  // The same turn: no timer, no promise callback between the callers' keys.
  for (const call of calls) for (const key of keys) call.channel.press(key);
  await world.clock.runUntil(9_000);
  for (const call of calls) call.channel.callerHangup();
  await world.clock.runWhile(() => records.length < callers);
  await Promise.all(ended);
  return records;
}

const reasons = (records: readonly CallRecord[]) => {
  const counts: Record<string, number> = {};
  for (const record of records) {
    const key = `${record.outcome}/${record.reason}${record.admitted ? ' admitted' : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('one step budget per call', () => {
  it('1,000 hosts keying their PIN in the same turn are all admitted', async () => {
    const records = await burst(1_000, () => '1002', '1234#');
    expect(reasons(records)).toEqual({ 'hangup/caller_hangup admitted': 1_000 });
  });

  it('2,500 callers pressing # in the same turn are all asked again, none is ended', async () => {
    const records = await burst(2_500, () => '1002', '#');
    expect(records.filter((record) => record.reason === 'flow_error')).toEqual([]);
    expect(records.every((record) => record.outcome === 'hangup' && !record.admitted)).toBe(true);
  });

  it('a flow that loops ends its own call only, even when other callers press keys in the same turn', async () => {
    const base = testBundle();
    const spinning = parseFlow(new YamlSource('/flows/virtual-reception.yaml', SPINNING_RECEPTION), {
      hasPrompt: (id) => base.catalogue.has(id),
      promptsWhere: 'prompts/base/en-US',
    });
    const flows = FlowSet.of([spinning, base.flows.get('pin-entry')!]);
    // Caller 0 dials the spinning reception; the 200 after it are hosts keying their PIN.
    const records = await burst(201, (index) => (index === 0 ? '8000' : '1002'), '1234#', { ...base, flows });
    const byCall = new Map(records.map((record) => [record.callId, record]));
    expect(byCall.get('burst-0')).toMatchObject({ outcome: 'disconnected', reason: 'flow_error' });
    byCall.delete('burst-0');
    expect(reasons([...byCall.values()])).toEqual({ 'hangup/caller_hangup admitted': 200 });
  });
});
