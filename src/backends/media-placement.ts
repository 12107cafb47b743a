import { parseLocationRules, parseMediaServers, type Settings } from '../config/index.js';
import { roomSlug } from '../calls/index.js';
import { aliasMatches, isRoom, parseAlias, type AliasKey, type Directory, type Service } from '../directory/index.js';
import type { Logger } from '../observability/index.js';
import {
  CallerLocations,
  MediaServerConnection,
  MediaServerPool,
  type FreeswitchBridge,
  type MediaPlacer,
  type MrfLike,
} from '../telephony/index.js';

/** The `freeswitch` setting's servers, each with its own connection, as a pool. */
export function mediaServerPool(settings: Settings, mrf: MrfLike, logger: Logger): MediaServerPool {
  const [listenAddress, listenPort] = settings.fsmrfListen.split(':');
  const servers = parseMediaServers(settings.freeswitch, 'FOYER_FREESWITCH (--freeswitch, freeswitch)');
  return new MediaServerPool(
    servers.map((server) => ({
      address: `${server.host}:${server.port}`,
      location: server.location,
      ...(server.capacity !== undefined && { capacity: server.capacity }),
      node: new MediaServerConnection({
        host: server.host,
        port: server.port,
        secret: server.secret,
        listenAddress: listenAddress || '127.0.0.1',
        ...(listenPort && { listenPort: Number(listenPort) }),
        mrf,
        logger,
        conferenceProfile: settings.conferenceProfile,
        checks: settings.freeswitchChecks === 'warn' ? 'warn' : 'enforce',
      }),
    })),
    logger,
  );
}

/**
 * Where a new call's media goes: the server hosting the room it dials directly, when that one can
 * take it (a room's conference lives on one server); otherwise the pool's choice in the caller's
 * location. Callers to a reception are placed by location and capacity alone.
 */
export function mediaPlacer(options: {
  readonly settings: Settings;
  readonly pool: MediaServerPool;
  readonly bridge: FreeswitchBridge;
  readonly directory: () => Directory;
  readonly logger: Logger;
}): MediaPlacer {
  const { settings, pool, bridge } = options;
  const locations = new CallerLocations({
    rules: parseLocationRules(settings.mediaLocations),
    ...(settings.mediaLocationHeader && { header: settings.mediaLocationHeader }),
    known: [...new Set(pool.members.map((member) => member.location))],
    fallback: pool.defaultLocation,
  });
  return {
    place: (call) => {
      const { location, by } = locations.of(call);
      const room = roomDialled(options.directory(), call.uri);
      const prefer = room && bridge.hostOf(`foyer-${room}-`);
      const placement = pool.place({ callId: call.callId, location, ...(prefer && { prefer }) });
      if (placement)
        options.logger.debug(
          {
            event: 'media_placed',
            callId: call.callId,
            server: placement.address,
            location,
            by,
            room: prefer !== undefined,
          },
          `media on ${placement.address} (${placement.location})`,
        );
      return placement;
    },
  };
}

/** Services by the user part of their aliases, per directory (built once for each loaded configuration). */
const byUser = new WeakMap<Directory, Map<string, { key: AliasKey; service: Service }[]>>();

/** The slug of the room `uri` dials directly, from the services known now (a reception: none). */
function roomDialled(directory: Directory, uri: string): string | undefined {
  let index = byUser.get(directory);
  if (!index) {
    index = new Map();
    for (const service of directory.services())
      for (const alias of service.aliases) {
        const key = parseAlias(alias);
        index.set(key.user, [...(index.get(key.user) ?? []), { key, service }]);
      }
    byUser.set(directory, index);
  }
  const dialled = parseAlias(uri);
  const service = index.get(dialled.user)?.find((entry) => aliasMatches(entry.key, dialled))?.service;
  return service && isRoom(service) ? roomSlug(service) : undefined;
}
