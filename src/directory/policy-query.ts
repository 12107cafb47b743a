import { formatAlias, parseAlias } from './alias.js';
import type { CallerContext } from './caller-context.js';
import type { Room } from './service.js';

/**
 * The dialled alias as a policy server sees it (`local_alias`): `sip:user@domain` for a SIP
 * URI, without its port and parameters; a bare alias as it is.
 */
export function policyAlias(dialled: string): string {
  const scheme = /^\s*<?(sips?|tel):/i.exec(dialled)?.[1]?.toLowerCase();
  const alias = formatAlias(parseAlias(dialled));
  return scheme ? `${scheme}:${alias}` : alias;
}

/**
 * Pexip's parameters of a service configuration request, as far as they apply to Foyer: SIP,
 * dialling in, never registered. Foyer has no system locations or node addresses yet, so
 * `location` and `node_ip` are not sent.
 */
export function serviceQuery(localAlias: string, caller: CallerContext | undefined, version: string): URLSearchParams {
  const params = new URLSearchParams();
  params.set('protocol', 'sip');
  params.set('call_direction', 'dial_in');
  params.set('local_alias', localAlias);
  if (caller?.remoteAlias !== undefined) params.set('remote_alias', caller.remoteAlias);
  if (caller?.remoteDisplayName !== undefined) params.set('remote_display_name', caller.remoteDisplayName);
  if (caller?.remoteAddress !== undefined) params.set('remote_address', caller.remoteAddress);
  if (caller?.remotePort !== undefined) params.set('remote_port', String(caller.remotePort));
  if (caller?.vendor !== undefined) params.set('vendor', caller.vendor);
  params.set('registered', 'False');
  params.set('trigger', caller?.trigger ?? 'invite');
  params.set('version_id', version);
  return params;
}

/** A participant properties request: the service request's parameters and the room's name and tag. */
export function participantQuery(
  room: Room,
  localAlias: string,
  caller: CallerContext | undefined,
  version: string,
): URLSearchParams {
  const params = serviceQuery(localAlias, caller, version);
  params.set('service_name', room.name);
  params.set('unique_service_name', room.name);
  params.set('service_tag', room.serviceTag ?? '');
  return params;
}
