import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryUsageLog } from '../../src/observability/index.js';
import { loadScenario, runScenario } from '../../src/simulator/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';

/** Runs the transfers scenario: each caller's lines, end and usage records, and what the world still holds. */
async function transfers() {
  const bundle = testBundle(join(FIXTURES, 'hosted-elsewhere.yaml'));
  const scenario = loadScenario(join(FIXTURES, 'scenarios', 'transfers.yaml'));
  let usage: MemoryUsageLog | undefined;
  const result = await runScenario({ bundle, scenario, usage: (now) => (usage = new MemoryUsageLog(now)) });
  const lines = result.lines.map(({ atMs, line }) => ({ t: atMs / 1000, ...line }));
  const of = (caller: string) => lines.filter((line) => line.caller === caller);
  const line = (caller: string, type: string) => of(caller).find((entry) => entry.type === type);
  const records = usage!.records.filter((record) => record.type === 'transfer' || record.type === 'call_ended');
  return { of, line, records, world: result.world };
}

describe('rooms hosted elsewhere: transfers in scenarios (simulated time)', async () => {
  const run = await transfers();

  it('answered: the caller is bridged to the target, until they hang up', () => {
    expect(run.line('answered', 'transfer')).toMatchObject({
      service: 'Weekly sync',
      target: 'sip:weekly@meet.example.com',
      method: 'bridge',
      result: 'bridged',
      status: 200,
    });
    // The PIN was typed ahead: the caller hears only "please hold" before the target answers.
    expect(
      run
        .of('answered')
        .filter((line) => line.type === 'prompt')
        .map((line) => line.id),
    ).toEqual(['reception.please_hold']);
    expect(run.line('answered', 'end')).toMatchObject({
      t: 60,
      outcome: 'transferred',
      reason: 'bridged',
      role: 'host',
      service: 'Weekly sync',
    });
  });

  it('busy, no answer within ring_timeout, rejected: the flow says the room cannot be reached and hangs up', () => {
    expect(run.line('busy', 'transfer')).toMatchObject({ result: 'busy', status: 486 });
    expect(run.line('declined', 'transfer')).toMatchObject({ result: 'rejected', status: 603 });
    const silent = run.line('silent', 'transfer')!;
    expect(silent).toMatchObject({ result: 'no_answer' });
    const held = run.of('silent').find((line) => line.type === 'prompt' && line.id === 'reception.please_hold')!;
    // The ring timeout (30 s) runs from the INVITE, once "please hold" has played.
    expect(silent.t - held.t).toBeGreaterThan(30);
    expect(silent.t - held.t).toBeLessThan(35);
    for (const caller of ['busy', 'silent', 'declined']) {
      expect(
        run
          .of(caller)
          .filter((line) => line.type === 'prompt')
          .at(-1),
      ).toMatchObject({
        id: 'call.technical_problem',
      });
      expect(run.line(caller, 'end')).toMatchObject({ outcome: 'disconnected', reason: 'transfer_failed' });
    }
  });

  it('referred: REFER accepted and NOTIFY 200; Foyer leaves the call', () => {
    expect(run.line('referred', 'transfer')).toMatchObject({
      target: 'sip:2002@partner.example.com',
      method: 'refer',
      result: 'referred',
      status: 200,
    });
    expect(run.line('referred', 'end')).toMatchObject({ outcome: 'transferred', reason: 'referred', role: 'host' });
  });

  it('REFER rejected with fallback: bridge falls back to bridge; without fallback: the failure branch', () => {
    expect(run.line('fallback', 'transfer')).toMatchObject({
      method: 'bridge',
      result: 'bridged',
      fallback: true,
      refer_status: 603,
    });
    expect(run.line('fallback', 'end')).toMatchObject({ t: 50, outcome: 'transferred', reason: 'bridged' });
    expect(run.line('refused', 'transfer')).toMatchObject({ method: 'refer', result: 'rejected', status: 603 });
    expect(run.line('refused', 'end')).toMatchObject({ outcome: 'disconnected', reason: 'transfer_failed' });
  });

  it('the caller hangs up while the target rings: the call out is cancelled, nothing is left behind', () => {
    expect(run.line('gone', 'transfer')).toMatchObject({ result: 'caller_gone' });
    expect(run.line('gone', 'end')).toMatchObject({ t: 20, outcome: 'hangup', reason: 'caller_hangup' });
    expect(run.world.resources.holders()).toEqual({});
    expect(run.world.clock.pending).toBe(0);
  });

  it('the target hangs up a bridged call; a reception hands the caller to a room hosted elsewhere', () => {
    expect(run.line('dropped', 'end')).toMatchObject({ outcome: 'transferred', reason: 'bridged' });
    expect(run.line('reception', 'end')).toMatchObject({
      t: 40,
      outcome: 'transferred',
      reason: 'bridged',
      via: 'Lobby',
      service: 'Weekly sync',
    });
  });

  it('the usage log records each transfer (target, method, result, SIP status) and the call that ends it', () => {
    const answered = run.records.filter((record) => record.call_id === 'answered');
    expect(answered).toEqual([
      expect.objectContaining({
        type: 'transfer',
        service: 'Weekly sync',
        target: 'sip:weekly@meet.example.com',
        method: 'bridge',
        result: 'bridged',
        status: 200,
      }),
      expect.objectContaining({ type: 'call_ended', outcome: 'transferred', reason: 'bridged', admitted: false }),
    ]);
    // The keys sent to the target hold the PIN: never in the log.
    expect(JSON.stringify(run.records)).not.toContain('1234');
  });
});
