import type { MediaNode, MediaServerLike, MediaServerState, PoolMember } from '../../src/telephony/index.js';
import { FakeMediaServer } from './doubles.js';

/** One server's connection as the pool sees it: up or down as the test says, no sockets, no timers. */
export class FakeNode implements MediaNode {
  current: MediaServerLike | undefined = new FakeMediaServer();
  state: MediaServerState = 'connected';
  readonly problems = [];
  started = false;

  start(): void {
    this.started = true;
  }
  stop(): void {
    this.started = false;
  }
  /** Its event socket drops (the connection then retries on its own). */
  down(): void {
    this.current = undefined;
    this.state = 'lost';
  }
  /** It is back: a new connection, so a new server object. */
  up(): void {
    this.current = new FakeMediaServer();
    this.state = 'connected';
  }
}

/** Pool members from `address@location/capacity` shorthands, each on a FakeNode. */
export function members(...specs: string[]): (PoolMember & { node: FakeNode })[] {
  return specs.map((spec) => {
    const [, address = '', location = 'default', capacity] = /^([^@/]+)(?:@([^/]+))?(?:\/(\d+))?$/.exec(spec) ?? [];
    return {
      address,
      location,
      ...(capacity !== undefined && { capacity: Number(capacity) }),
      node: new FakeNode(),
    };
  });
}
