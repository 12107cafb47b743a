import type { CallerContext } from '../directory/index.js';
import type { InboundCall } from './channel.js';

/** What a directory may know of who is calling (a policy server decides on it). */
export function callerOf(call: InboundCall): CallerContext {
  const name = displayNameOf(call.header?.('From'));
  return {
    remoteAlias: call.from,
    ...(name !== undefined && { remoteDisplayName: name }),
    remoteAddress: call.source,
    ...(call.sourcePort !== undefined && { remotePort: call.sourcePort }),
    ...(call.userAgent !== undefined && { vendor: call.userAgent }),
    callId: call.callId,
    trigger: 'invite',
  };
}

/** `"Alice Smith" <sip:alice@example.com>;tag=1` → `Alice Smith`; undefined when there is none. */
export function displayNameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const angle = header.indexOf('<');
  if (angle <= 0) return undefined;
  const raw = header.slice(0, angle).trim();
  const name =
    raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  return name === '' ? undefined : name;
}
