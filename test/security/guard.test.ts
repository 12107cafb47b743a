import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import { MemoryUsageLog, silentLogger } from '../../src/observability/index.js';
import {
  AbuseGuard,
  DEFAULT_POLICY,
  Networks,
  type AbuseStore,
  type CallerSource,
  type SecurityPolicy,
} from '../../src/security/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { storeKinds } from './stores.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const redis = await startTestRedis();
afterAll(() => redis?.stop());

const room: Room = { name: "Alice's room", type: 'vmr', aliases: ['1001'], hostPin: '1234', allowGuests: true };
const open: Room = { name: 'Open room', type: 'vmr', aliases: ['1000'], allowGuests: false };
const WRONG = { good: false, empty: false, refused: false };
const RIGHT = { good: true, empty: false, refused: false };
const HASH = { good: false, empty: true, refused: false };

describe.each(storeKinds(redis))('abuse guard over the $name store', (kind) => {
  const toClose: AbuseGuard[] = [];
  afterEach(async () => {
    await Promise.all(toClose.splice(0).map((guard) => guard.close()));
  });

  function setup(policy: Partial<SecurityPolicy> = {}) {
    const { store, another } = kind.open();
    const clock = new SimulatedClock();
    const usage = new MemoryUsageLog(() => new Date(clock.now()));
    const make = (of: AbuseStore) => {
      const guard = new AbuseGuard({
        store: of,
        policy: { ...DEFAULT_POLICY, ...policy },
        clock,
        logger: silentLogger,
        usage,
      });
      toClose.push(guard);
      return guard;
    };
    const guard = make(store);
    const source = (address: string) => guard.sourceOf({ address });
    /** `count` wrong PINs from `from`, one second apart. */
    const guess = async (from: CallerSource, count: number, target = room) => {
      for (let i = 0; i < count; i++) {
        await guard.pinJudged(target, from, WRONG, `call-${i}`);
        await clock.advance(1000);
      }
    };
    /** Lets the block timers fire and waits until their reports are written. */
    const pass = async (ms: number) => {
      await clock.advance(ms);
      await guard.sweep();
    };
    const records = (type: string) => usage.records.filter((record) => record.type === type);
    return { guard, clock, usage, source, guess, pass, records, another: () => make(another()) };
  }

  describe.skipIf(!kind.available)('rules', () => {
    it('a source is blocked for 10 minutes after more than 10 wrong PINs in 10 minutes, and hears nothing of the room', async () => {
      const { guard, source, guess, pass, records } = setup();
      const attacker = source('198.51.100.7');
      await guess(attacker, 10);
      expect(await guard.screen(attacker, undefined)).toBeUndefined();
      expect(await guard.pinJudged(room, attacker, WRONG, 'eleventh')).toBe('source_blocked');
      expect(await guard.screen(attacker, undefined)).toBe('source_blocked');
      expect(await guard.gate(open, attacker)).toBe('source_blocked');
      // The room stays open for everyone else.
      expect(await guard.gate(room, source('203.0.113.1'))).toBeUndefined();
      expect(records('block')).toEqual([
        expect.objectContaining({
          kind: 'source',
          subject: '198.51.100.7',
          reason: 'pin_guessing',
          duration_s: 600,
          call_id: 'eleventh',
        }),
      ]);
      await pass(10 * MINUTE);
      expect(await guard.screen(attacker, undefined)).toBeUndefined();
      expect(records('unblock')).toEqual([
        expect.objectContaining({ kind: 'source', subject: '198.51.100.7', reason: 'expired' }),
      ]);
    });

    it('wrong PINs spread wider than the window never block; an empty # is never a guess', async () => {
      const { guard, clock, source, guess } = setup();
      const slow = source('198.51.100.8');
      for (let i = 0; i < 30; i++) {
        await guess(slow, 1);
        await clock.advance(MINUTE);
      }
      const guest = source('198.51.100.9');
      for (let i = 0; i < 30; i++) await guard.pinJudged(room, guest, HASH, 'hash');
      expect(await guard.blocks()).toEqual([]);
    });

    it('a repeat within 24 h doubles the block, up to 24 h; after a quiet day it is 10 minutes again', async () => {
      const { guard, source, guess, pass, records } = setup();
      const attacker = source('198.51.100.7');
      const lengths: number[] = [];
      for (let round = 0; round < 10; round++) {
        await guess(attacker, 11);
        const [block] = await guard.blocks();
        lengths.push(block!.durationMs / MINUTE);
        await pass(block!.until - block!.since);
      }
      expect(lengths).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440]);
      await pass(DAY + MINUTE);
      await guess(attacker, 11);
      expect((await guard.blocks())[0]!.durationMs).toBe(10 * MINUTE);
      expect(records('block')).toHaveLength(11);
      expect(records('unblock')).toHaveLength(10);
    });

    it(
      'a room is blocked after more than 20 wrong PINs from many sources,' +
        ' except for sources that knew its PIN within 30 days and the allow list',
      async () => {
        const { guard, clock, source, guess, records } = setup({ allowList: Networks.parse(['10.0.0.0/8'], 'test') });
        const regular = source('203.0.113.50');
        const lapsed = source('203.0.113.51');
        await guard.pinJudged(room, lapsed, RIGHT, 'lapsed');
        await clock.advance(3 * DAY);
        await guard.pinJudged(room, regular, RIGHT, 'regular');
        await clock.advance(28 * DAY); // the lapsed source knew the PIN 31 days ago, the regular one 28
        for (let i = 1; i <= 21; i++) await guess(source(`198.51.100.${i}`), 1);
        expect(records('block')).toEqual([
          expect.objectContaining({ kind: 'room', subject: "Alice's room", reason: 'pin_guessing', duration_s: 600 }),
        ]);
        expect(await guard.gate(room, source('192.0.2.200'))).toBe('room_blocked');
        expect(await guard.gate(room, lapsed)).toBe('room_blocked');
        expect(await guard.gate(room, regular)).toBeUndefined();
        expect(await guard.gate(room, source('10.1.2.3'))).toBeUndefined();
        // Only PIN entry is blocked: no source is, and other rooms are open.
        expect(await guard.screen(source('198.51.100.1'), undefined)).toBeUndefined();
        expect(await guard.gate(open, source('192.0.2.200'))).toBeUndefined();
      },
    );

    it('a scanner is blocked for 10 minutes after more than 20 unknown aliases or invalid entries', async () => {
      const { guard, clock, source, records } = setup();
      const scanner = source('198.51.100.66');
      for (let i = 0; i < 20; i++) await guard.scanned(scanner, `scan-${i}`);
      expect(await guard.screen(scanner, undefined)).toBeUndefined();
      await guard.scanned(scanner, 'scan-20');
      expect(await guard.screen(scanner, undefined)).toBe('source_blocked');
      expect(records('block')).toEqual([
        expect.objectContaining({ kind: 'source', reason: 'scanning', duration_s: 600 }),
      ]);
      await clock.advance(10 * MINUTE);
      expect(await guard.screen(scanner, undefined)).toBeUndefined();
    });

    it('the allow list is never counted nor blocked, and its user agents are not judged', async () => {
      const { guard, source, guess } = setup({ allowList: Networks.parse(['192.0.2.0/24'], 'test') });
      const office = source('192.0.2.10');
      await guess(office, 30);
      for (let i = 0; i < 30; i++) await guard.scanned(office, 'scan');
      expect(await guard.blocks()).toEqual([]);
      expect(await guard.screen(office, 'friendly-scanner')).toBeUndefined();
      expect(await guard.screen(source('198.51.100.1'), 'friendly-scanner')).toBe('scanner_ua');
    });

    it('lifting a block ends it at once, is logged, and forgets its count', async () => {
      const { guard, source, guess, records } = setup();
      const attacker = source('198.51.100.7');
      await guess(attacker, 11);
      const lifted = await guard.lift({ kind: 'source', id: '198.51.100.7' });
      expect(lifted).toMatchObject({ kind: 'source', id: '198.51.100.7' });
      expect(await guard.blocks()).toEqual([]);
      expect(records('unblock')).toEqual([expect.objectContaining({ subject: '198.51.100.7', reason: 'lifted' })]);
      await guess(attacker, 1);
      expect(await guard.screen(attacker, undefined)).toBeUndefined();
      expect(await guard.lift({ kind: 'room', id: 'nothing' })).toBeUndefined();
    });

    it('two Foyer processes share counters and blocks; an ended block is reported once', async () => {
      const { guard, another, source, clock, records } = setup();
      const second = another();
      const attacker = source('198.51.100.7');
      for (let i = 0; i < 11; i++) await (i % 2 ? second : guard).pinJudged(room, attacker, WRONG, `call-${i}`);
      expect(await second.screen(attacker, undefined)).toBe('source_blocked');
      expect(await guard.screen(attacker, undefined)).toBe('source_blocked');
      await clock.advance(10 * MINUTE);
      await Promise.all([guard.sweep(), second.sweep()]);
      expect(records('unblock')).toHaveLength(1);
    });
  });
});

describe('abuse guard when its store fails', () => {
  it('lets calls through at once, logs the failure, and asks the store again after 5 s', async () => {
    let asked = 0;
    const failing = new Proxy({} as AbuseStore, {
      get: (_target, name) =>
        name === 'kind' ? 'broken' : () => (asked++, Promise.reject(new Error('connection refused'))),
    });
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const clock = new SimulatedClock();
    const guard = new AbuseGuard({ store: failing, policy: DEFAULT_POLICY, clock, logger });
    const source = guard.sourceOf({ address: '198.51.100.7' });
    expect(await guard.screen(source, undefined)).toBeUndefined();
    expect(await guard.pinJudged(room, source, WRONG, 'c')).toBeUndefined();
    expect(await guard.gate(room, source)).toBeUndefined();
    expect(asked).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'abuse store (broken) failed while checking a block; calls go through unchecked meanwhile',
    );
    await clock.advance(5000);
    expect(await guard.screen(source, 'friendly-scanner')).toBe('scanner_ua');
    expect(await guard.screen(source, undefined)).toBeUndefined();
    expect(asked).toBe(2);
  });
});
