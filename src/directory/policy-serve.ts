import type { CallerContext } from './caller-context.js';
import type { Directory } from './directory.js';
import { toPexip } from './pexip-regex.js';
import { isRoom, type Reception, type Room, type Service } from './service.js';

/**
 * Foyer's own directory answering Pexip's service configuration request, so another Foyer or a
 * Pexip deployment can use it as its policy server. An alias Foyer does not know is rejected (as
 * Foyer itself would refuse it). PINs are given only `withPins` (an authenticated client); without
 * them a PIN-protected room says `foyer.pins_withheld`, which a Foyer client refuses to use.
 */
export async function serviceConfiguration(
  directory: Directory,
  query: URLSearchParams,
  withPins: boolean,
): Promise<Record<string, unknown>> {
  const alias = query.get('local_alias') ?? '';
  const service = await directory.lookup(alias, undefined, callerOf(query));
  if (!service) return { status: 'success', action: 'reject' };
  return { status: 'success', action: 'continue', result: resultOf(service, withPins) };
}

/** Pexip's answer fields for a service: the mapping of policy-answer.ts, read backwards. */
export function resultOf(service: Service, withPins: boolean): Record<string, unknown> {
  const common = {
    name: service.name,
    service_tag: service.serviceTag ?? '',
    ...(service.description !== undefined && { description: service.description }),
    ...(service.theme !== undefined && { ivr_theme_name: service.theme }),
  };
  return isRoom(service) ? roomResult(service, common, withPins) : receptionResult(service, common);
}

function roomResult(room: Room, common: Record<string, unknown>, withPins: boolean): Record<string, unknown> {
  const foyer = {
    ...(room.flow !== undefined && { flow: room.flow }),
    ...(room.language !== undefined && { language: room.language }),
    ...(room.waitingForHostTimeout !== undefined && { waiting_for_host_timeout: room.waitingForHostTimeout }),
    ...(room.guestsOnlyTimeout !== undefined && { guests_only_timeout: room.guestsOnlyTimeout }),
    ...(!withPins && room.hostPin !== undefined && { pins_withheld: true }),
  };
  return {
    service_type: room.type === 'auditorium' ? 'lecture' : 'conference',
    ...common,
    allow_guests: room.allowGuests,
    ...(withPins && room.hostPin !== undefined && { pin: room.hostPin }),
    ...(withPins && room.guestPin !== undefined && { guest_pin: room.guestPin }),
    ...(room.participantLimit !== undefined && { participant_limit: room.participantLimit }),
    ...(room.locked !== undefined && { locked: room.locked }),
    ...(Object.keys(foyer).length > 0 && { foyer }),
  };
}

function receptionResult(reception: Reception, common: Record<string, unknown>): Record<string, unknown> {
  const first = reception.match ? toPexip(reception.match, reception.replace) : undefined;
  const second = reception.postMatch ? toPexip(reception.postMatch, reception.postReplace) : undefined;
  const foyer = {
    ...(reception.flow !== undefined && { flow: reception.flow }),
    ...(reception.language !== undefined && { language: reception.language }),
  };
  return {
    service_type: 'two_stage_dialing',
    ...common,
    ...(first && { match_string: first.match_string }),
    ...(first?.replace_string !== undefined && { replace_string: first.replace_string }),
    ...(second && { post_match_string: second.match_string }),
    ...(second?.replace_string !== undefined && { post_replace_string: second.replace_string }),
    ...(Object.keys(foyer).length > 0 && { foyer }),
  };
}

function callerOf(query: URLSearchParams): CallerContext {
  const port = Number(query.get('remote_port'));
  const trigger = query.get('trigger');
  const remoteAlias = query.get('remote_alias');
  const remoteDisplayName = query.get('remote_display_name');
  const remoteAddress = query.get('remote_address');
  const vendor = query.get('vendor');
  return {
    ...(remoteAlias !== null && { remoteAlias }),
    ...(remoteDisplayName !== null && { remoteDisplayName }),
    ...(remoteAddress !== null && { remoteAddress }),
    ...(Number.isInteger(port) && port > 0 && { remotePort: port }),
    ...(vendor !== null && { vendor }),
    trigger: trigger === 'two_stage_dialing' ? 'two_stage_dialing' : 'invite',
  };
}
