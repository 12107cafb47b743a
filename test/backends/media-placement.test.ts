import { describe, expect, it } from 'vitest';
import { mediaPlacer } from '../../src/backends/media-placement.js';
import { DEFAULTS } from '../../src/config/index.js';
import { silentLogger } from '../../src/observability/index.js';
import {
  FreeswitchBridge,
  FreeswitchChannel,
  MediaServerPool,
  type MediaServerLike,
} from '../../src/telephony/index.js';
import { testBundle } from '../helpers/bundle.js';
import { FakeDialog, FakeEndpoint } from '../telephony/doubles.js';
import { members } from '../telephony/pool-doubles.js';

/** Servers a and b in london, c in newyork; callers from 10.1.0.0/16 are in newyork. */
function setup() {
  const list = members('a:8021@london', 'b:8021@london', 'c:8021@newyork');
  const pool = new MediaServerPool(list, silentLogger);
  const options = { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1_000 };
  const bridge = new FreeswitchBridge({ ...options, mediaServer: () => undefined });
  const directory = testBundle().directory;
  const placer = mediaPlacer({
    settings: { ...DEFAULTS, mediaLocations: ['10.1.0.0/16=newyork'] },
    pool,
    bridge,
    directory: () => directory,
    logger: silentLogger,
  });
  const place = (uri: string, source = '192.0.2.1') =>
    placer.place({ callId: `${uri}-${source}`, uri, source, header: () => undefined })?.address;
  /** A caller on `server` in the room `conference`. */
  const join = async (conference: string, server: MediaServerLike, callId: string) => {
    const room = await bridge.create(conference);
    const channel = new FreeswitchChannel(callId, new FakeDialog(), new FakeEndpoint(), {
      ...options,
      mediaServer: server,
    });
    await room.add(channel, { moderator: true, muted: false });
    return { room, channel };
  };
  return { list, pool, bridge, place, join };
}

describe('placing a new call', () => {
  it("by the caller's location, then by free capacity", () => {
    const { place } = setup();
    expect([place('sip:8000@foyer'), place('sip:8000@foyer'), place('sip:8000@foyer', '10.1.2.3')]).toEqual([
      'a:8021',
      'b:8021',
      'c:8021',
    ]);
  });

  it("a caller dialling a room directly goes to the server hosting the room's conference, wherever the caller is", async () => {
    const { list, bridge, place, join } = setup();
    // "Host and guest" (1001) is running on b.
    const { channel } = await join('foyer-host-and-guest-1', list[1]!.node.current!, 'first');
    expect(bridge.hostOf('foyer-host-and-guest-')).toBe(list[1]!.node.current);
    expect(place('sip:1001@foyer', '10.1.2.3')).toBe('b:8021');
    expect(place('sip:meet.hg@example.com')).toBe('b:8021');
    // Another room, and the reception, are placed as usual.
    expect(place('sip:1000@foyer')).toBe('a:8021');
    expect(place('sip:8000@foyer', '10.1.2.3')).toBe('c:8021');
    // Once its last member is gone, the room is hosted nowhere.
    await channel.hangup();
    expect(bridge.hostOf('foyer-host-and-guest-')).toBeUndefined();
  });

  it("counts each server's conferences, and sends a member's commands to the member's server", async () => {
    const { list, bridge, join } = setup();
    const [a, b] = [list[0]!.node.current!, list[1]!.node.current!] as unknown as {
      apiCalls: string[];
    }[];
    const { room } = await join('foyer-x-1', list[0]!.node.current!, 'one');
    const channel = new FreeswitchChannel('two', new FakeDialog(), new FakeEndpoint(), {
      promptBase: '/p',
      conferenceProfile: 'foyer',
      logger: silentLogger,
      operationTimeoutMs: 1_000,
      mediaServer: list[1]!.node.current!,
    });
    const member = await room.add(channel, { moderator: false, muted: false });
    expect([bridge.conferencesOn(list[0]!.node.current!), bridge.conferencesOn(list[1]!.node.current!)]).toEqual([
      1, 1,
    ]);
    await room.setMuted(member, true);
    expect(b!.apiCalls).toEqual(['conference foyer-x-1 mute 7']);
    expect(a!.apiCalls).toEqual([]);
  });
});
