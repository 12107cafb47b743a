import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopback, type JsonReply, type RouteRequest, type Routes } from '../observability/index.js';
import type { Directory } from './directory.js';
import { serviceConfiguration } from './policy-serve.js';

/** Who may ask Foyer's policy API with PINs in the answers (`policy.serve_username` / `_password`). */
export interface PolicyServeCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * `GET /policy/v1/service/configuration` and `/participant/properties` on Foyer's HTTP port
 * (`policy.serve: true`), answered from `directory` (the services file). A client that
 * authenticates gets PINs; a loopback client that does not gets answers without them; anyone else
 * gets 401. Failed authentication is never told apart from a missing one.
 */
export function policyRoutes(directory: () => Directory, credentials: PolicyServeCredentials | undefined): Routes {
  const guarded = (answer: (withPins: boolean, request: RouteRequest) => Promise<JsonReply>) => ({
    public: true as const,
    handler: async (_body: unknown, request: RouteRequest): Promise<JsonReply> => {
      const header = request.header('authorization');
      const authenticated = header !== undefined && credentials !== undefined && matches(header, credentials);
      if (header !== undefined && !authenticated) return unauthorized();
      if (!authenticated && !isLoopback(request.remoteAddress)) return unauthorized();
      return answer(authenticated, request);
    },
  });
  return {
    'GET /policy/v1/service/configuration': guarded(async (withPins, request) => {
      if (!request.query.get('local_alias'))
        return { status: 400, body: { status: 'error', error: 'local_alias is required (the alias dialled)' } };
      return { status: 200, body: await serviceConfiguration(directory(), request.query, withPins) };
    }),
    // Foyer has no per-participant rules of its own: every caller goes through the room's PIN entry.
    'GET /policy/v1/participant/properties': guarded(() =>
      Promise.resolve({ status: 200, body: { status: 'success', action: 'continue', result: {} } }),
    ),
  };
}

function unauthorized(): JsonReply {
  return { status: 401, body: { status: 'error', error: 'authenticate with basic authentication' } };
}

/** Compares the credentials in constant time (hashed first, so the lengths do not show either). */
function matches(header: string, credentials: PolicyServeCredentials): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header.trim());
  const given = match?.[1] !== undefined ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(`${credentials.username}:${credentials.password}`)) && match !== null;
}
