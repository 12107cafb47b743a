import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/observability/index.js';
import { MediaServerPool, type Placement } from '../../src/telephony/index.js';
import { members } from './pool-doubles.js';

/** Places `count` calls from `location`; says on which server each landed. */
function placeMany(pool: MediaServerPool, count: number, location = 'london'): Placement[] {
  return Array.from({ length: count }, (_, index) => {
    const placement = pool.place({ callId: `call-${index}`, location });
    if (!placement) throw new Error(`call ${index} was not placed`);
    return placement;
  });
}

const where = (placements: readonly Placement[]) => placements.map((placement) => placement.address);

describe('media server pool: where a new call goes', () => {
  it("spreads a location's calls by the most free capacity", () => {
    const pool = new MediaServerPool(members('a:8021@london/4', 'b:8021@london/2', 'c:8021@newyork/10'), silentLogger);
    // a has 4 free, b 2: a, a; then 2 free each, and a tie goes to the one with fewer calls.
    expect(where(placeMany(pool, 5))).toEqual(['a:8021', 'a:8021', 'b:8021', 'a:8021', 'b:8021']);
    expect(pool.status().map((server) => [server.address, server.calls])).toEqual([
      ['a:8021', 3],
      ['b:8021', 2],
      ['c:8021', 0],
    ]);
  });

  it('servers without a capacity share calls evenly, in the order listed on a tie', () => {
    const pool = new MediaServerPool(members('a:8021', 'b:8021'), silentLogger);
    expect(where(placeMany(pool, 4, 'default'))).toEqual(['a:8021', 'b:8021', 'a:8021', 'b:8021']);
  });

  it('skips a full server, and refuses (503) when every server is full', () => {
    const pool = new MediaServerPool(members('a:8021@london/1', 'b:8021@london/1'), silentLogger);
    expect(where(placeMany(pool, 2))).toEqual(['a:8021', 'b:8021']);
    expect(pool.place({ callId: 'one-too-many', location: 'london' })).toBeUndefined();
  });

  it("uses another location's server, and logs it, when the caller's location has none that can take the call", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'warn', format: 'json', destination });
    const [a, b, c] = members('a:8021@london/1', 'b:8021@london', 'c:8021@newyork');
    const pool = new MediaServerPool([a!, b!, c!], logger);
    expect(pool.place({ callId: 'ny-1', location: 'newyork' })?.address).toBe('c:8021');
    c!.node.down();
    expect(pool.place({ callId: 'ny-2', location: 'newyork' })?.location).toBe('london');
    expect(lines.join('')).toMatch(/no FreeSWITCH in location newyork can take the call: placed on b:8021 \(london\)/);
    expect(lines.join('')).toContain('"callId":"ny-2"');
  });

  it('a server that goes away takes no new calls; when it is back it is used again', () => {
    const [a, b] = members('a:8021@london', 'b:8021@london');
    const pool = new MediaServerPool([a!, b!], silentLogger);
    a!.node.down();
    expect(where(placeMany(pool, 3))).toEqual(['b:8021', 'b:8021', 'b:8021']);
    expect(pool.status().map((server) => [server.address, server.state, server.up])).toEqual([
      ['a:8021', 'lost', false],
      ['b:8021', 'connected', true],
    ]);
    a!.node.up();
    // a has the fewest calls now: the next ones go there until the two are even.
    expect(where(placeMany(pool, 3))).toEqual(['a:8021', 'a:8021', 'a:8021']);
  });

  it('no server connected: no place (the call is refused as when FreeSWITCH is down)', () => {
    const [a, b] = members('a:8021', 'b:8021');
    const pool = new MediaServerPool([a!, b!], silentLogger);
    a!.node.down();
    b!.node.down();
    expect(pool.usable).toBe(false);
    expect(pool.place({ callId: 'c', location: 'default' })).toBeUndefined();
  });

  it('prefers the server that hosts the dialled room while it has room, wherever it is', () => {
    const [a, b] = members('a:8021@london/2', 'b:8021@newyork/5');
    const pool = new MediaServerPool([a!, b!], silentLogger);
    const host = a!.node.current!;
    expect(pool.place({ callId: '1', location: 'newyork', prefer: host })?.address).toBe('a:8021');
    expect(pool.place({ callId: '2', location: 'newyork', prefer: host })?.address).toBe('a:8021');
    // Full: the preference gives way to the caller's location.
    expect(pool.place({ callId: '3', location: 'newyork', prefer: host })?.address).toBe('b:8021');
  });

  it('gives back a place once, however often it is released', () => {
    const pool = new MediaServerPool(members('a:8021@london/2'), silentLogger);
    const [first] = placeMany(pool, 2);
    first!.release();
    first!.release();
    expect(pool.status()[0]!.calls).toBe(1);
    expect(pool.place({ callId: 'again', location: 'london' })?.address).toBe('a:8021');
    expect(pool.place({ callId: 'full', location: 'london' })).toBeUndefined();
  });

  it('starts and stops every connection; the default location is the first server', () => {
    const list = members('a:8021@paris', 'b:8021@london');
    const pool = new MediaServerPool(list, silentLogger);
    expect(pool.defaultLocation).toBe('paris');
    pool.start();
    expect(list.map((member) => member.node.started)).toEqual([true, true]);
    pool.stop();
    expect(list.map((member) => member.node.started)).toEqual([false, false]);
  });
});
