/**
 * What each setting's value must be, beyond its kind (text, number, list): checked wherever the
 * value came from, so a mistake is reported at start-up naming the flag, variable or config key,
 * not later by a library in its own words.
 */

import { locationRulesProblem, mediaServersProblem } from './media-servers.js';

/** pino's levels, and `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** `auto`: human-readable lines when standard error is a terminal, JSON otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** `host:port:secret`, split at the first two colons (the secret may contain colons). */
export function parseHostPortSecret(value: string, what: string): { host: string; port: number; secret: string } {
  const problem = hostPortSecretProblem(value);
  if (problem) throw new Error(`${what}: "${maskSecret(value)}" ${problem}`);
  const first = value.indexOf(':');
  const second = value.indexOf(':', first + 1);
  return { host: value.slice(0, first), port: Number(value.slice(first + 1, second)), secret: value.slice(second + 1) };
}

/** The value with what follows its second colon (a secret) hidden, for messages. */
export function maskSecret(value: string): string {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  return second < 0 ? value : `${value.slice(0, second)}:…`;
}

function hostPortSecretProblem(value: string): string | undefined {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return 'must be host:port:secret, for example 127.0.0.1:9022:cymru';
  if (!isPort(value.slice(first + 1, second), 1)) return 'must be host:port:secret with a port from 1 to 65535';
  return undefined;
}

function isPort(text: string, min: number): boolean {
  if (!/^\d+$/.test(text)) return false;
  const port = Number(text);
  return port >= min && port <= 65535;
}

/** Problems by setting key: the text after "must ..." when the value is wrong, undefined when it is fine. */
export const SETTING_CHECKS: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  logLevel: (value) =>
    (LOG_LEVELS as readonly unknown[]).includes(value) ? undefined : `must be one of ${LOG_LEVELS.join(', ')}`,
  logFormat: (value) =>
    (LOG_FORMATS as readonly unknown[]).includes(value) ? undefined : `must be one of ${LOG_FORMATS.join(', ')}`,
  drachtio: (value) => hostPortSecretProblem(String(value)),
  freeswitch: (value) => mediaServersProblem(String(value)),
  mediaLocations: locationRulesProblem,
  fsmrfListen: (value) => {
    const [address, port, ...rest] = String(value).split(':');
    if (!address || rest.length > 0 || (port !== undefined && !isPort(port, 1)))
      return 'must be address[:port], for example 127.0.0.1 or 127.0.0.1:8085';
    return undefined;
  },
  httpPort: (value) =>
    Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
      ? undefined
      : 'must be a whole number from 0 to 65535 (0: any free port)',
  waitingForHostTimeout: (value) => ((value as number) >= 1 ? undefined : 'must be at least 1 second'),
  blockResponse: (value) => (value === 'reject' || value === 'drop' ? undefined : 'must be reject or drop'),
  telephony: (value) =>
    value === 'auto' || value === 'embedded' || value === 'freeswitch'
      ? undefined
      : 'must be auto, embedded or freeswitch',
  sip: (value) => {
    const [host, port, ...rest] = String(value).split(':');
    return host && port !== undefined && rest.length === 0 && isPort(port, 0)
      ? undefined
      : 'must be host:port, for example 127.0.0.1:5060 (port 0: any free port)';
  },
  freeswitchChecks: (value) => (value === 'enforce' || value === 'warn' ? undefined : 'must be enforce or warn'),
  defaultLanguage: (value) =>
    /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(String(value)) ? undefined : 'must be a language tag such as en-US',
  redisUrl: (value) =>
    value === '' || /^rediss?:\/\//.test(String(value)) ? undefined : 'must be a redis:// or rediss:// URL',
  httpAddress: (value) =>
    String(value).trim() !== '' ? undefined : 'must be an address to listen on, for example 127.0.0.1 or 0.0.0.0',
  policyUrl: (value) =>
    value === '' || /^https?:\/\/[^/]/.test(String(value))
      ? undefined
      : 'must be an http:// or https:// URL, for example https://policy.example.com (empty: no policy server)',
  policyFallback: (value) => (value === 'local' || value === 'reject' ? undefined : 'must be local or reject'),
  policyTimeout: (value) => ((value as number) > 0 ? undefined : 'must be more than 0, for example 5s'),
  policyMaxInFlight: (value) =>
    Number.isInteger(value) && (value as number) >= 1 ? undefined : 'must be a whole number of at least 1',
};

/** Values that are secret in part: shown masked in messages. */
export const MASKED_SETTINGS: ReadonlySet<string> = new Set(['drachtio', 'freeswitch', 'redisUrl', 'policyUrl']);
