import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/index.js';
import { simulateCall } from '../../src/simulator/index.js';

/** A stream that keeps what is written, and says whether it is a terminal. */
function sink(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

const bundle = loadBundle(DEFAULTS);

describe('tracing a call at debug', () => {
  it("logs each state and key with the call id; PIN digits are masked as in the simulator's output", async () => {
    const out = sink(false);
    await simulateCall({
      bundle,
      to: '8000',
      keys: '1001#1234#',
      logger: createLogger({ level: 'debug', destination: out.stream }),
    });
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const traced = lines.filter((line) => String(line.event).startsWith('call_'));
    expect(
      traced.every((line) => (line.callId === 'sim-1' && line.level === 20) || line.event === 'call_arrived'),
    ).toBe(true);
    const states = traced
      .filter((line) => line.event === 'call_state')
      .map((line) => `${String(line.flow)}:${String(line.state)}`);
    expect(states.slice(0, 2)).toEqual(['virtual-reception:start', 'virtual-reception:collecting']);
    expect(states).toContain('pin-entry:admitted');
    const keys = traced.filter((line) => line.event === 'call_key').map((line) => line.key);
    expect(keys.join('')).toBe('1001#xxxxx');
    expect(traced.find((line) => line.event === 'call_pin_attempt')).toMatchObject({ good: true, empty: false });
    expect(out.text()).not.toContain('1234');
  });

  it('nothing is traced at info', async () => {
    const out = sink(false);
    await simulateCall({
      bundle,
      to: '1001',
      keys: '1234#',
      logger: createLogger({ level: 'info', destination: out.stream }),
    });
    expect(out.text()).not.toContain('call_state');
  });

  it('a terminal gets one readable line per event; anything else gets JSON', () => {
    const terminal = sink(true);
    createLogger({ level: 'info', destination: terminal.stream }).info({ callId: 'c1', event: 'x' }, 'call arrived');
    expect(terminal.text()).toMatch(/INFO.*call arrived/);
    expect(terminal.text().trim().split('\n')).toHaveLength(1);
    expect(() => JSON.parse(terminal.text()) as unknown).toThrow();
    const file = sink(false);
    createLogger({ level: 'info', destination: file.stream }).info({ callId: 'c1' }, 'call arrived');
    expect(JSON.parse(file.text())).toMatchObject({ msg: 'call arrived', callId: 'c1' });
    const forced = sink(false);
    createLogger({ level: 'info', destination: forced.stream, format: 'pretty' }).info('hello');
    expect(forced.text()).toMatch(/INFO.*hello/);
  });
});
