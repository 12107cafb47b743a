import { isIP } from 'node:net';
import { z } from 'zod';

/** One FreeSWITCH of the pool, as the `freeswitch` setting names it. */
export interface MediaServerSetting {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  /** The system location it serves (`default` when the entry names none). */
  readonly location: string;
  /** Calls it may carry at once; undefined: no limit of Foyer's. */
  readonly capacity?: number;
}

/** The location of a server whose entry names none, and of callers when no server names one. */
export const DEFAULT_LOCATION = 'default';

const LOCATION = /^[A-Za-z][\w.-]*$/;

/**
 * `host:port:secret[@location][/capacity]`: host and port end at the first two colons; the
 * location follows the last `@` (a word), the capacity the last `/` (a whole number). A secret may
 * hold `:` and `@` but no `,` (entries are separated by commas), and must not end in `@word`.
 */
const ENTRY = /^([^:]+):(\d+):(.*?)(?:@([A-Za-z][\w.-]*))?(?:\/(\d+))?$/s;

const EXAMPLE = 'for example 10.0.0.5:8021:secret@london/200,10.0.0.6:8021:secret@london';

/**
 * The `freeswitch` setting's text (a comma-separated list of entries) as servers; throws an
 * error naming `what` (the setting) and the entry at fault, with the secret hidden.
 */
export function parseMediaServers(text: string, what: string): MediaServerSetting[] {
  const problem = mediaServersProblem(text);
  if (problem) throw new Error(`${what}: ${problem}`);
  return entriesOf(text).map((entry) => {
    const [, host = '', port = '', secret = '', location, capacity] = ENTRY.exec(entry) ?? [];
    return {
      host,
      port: Number(port),
      secret,
      location: location ?? DEFAULT_LOCATION,
      ...(capacity !== undefined && { capacity: Number(capacity) }),
    };
  });
}

/** What is wrong with the `freeswitch` setting's text (after "must"), or undefined. */
export function mediaServersProblem(text: string): string | undefined {
  const entries = entriesOf(text);
  if (entries.length === 0) return `must name at least one FreeSWITCH as host:port:secret, ${EXAMPLE}`;
  const seen = new Set<string>();
  for (const entry of entries) {
    const problem = entryProblem(entry);
    // With one server the value is the entry; with several, say which one.
    if (problem) return entries.length === 1 ? problem : `"${hidden(entry)}" ${problem}`;
    const [, host = '', port = ''] = ENTRY.exec(entry) ?? [];
    const address = `${host}:${Number(port)}`;
    if (seen.has(address)) return `must name each FreeSWITCH once (${address} is named twice)`;
    seen.add(address);
  }
  return undefined;
}

function entryProblem(entry: string): string | undefined {
  const match = ENTRY.exec(entry);
  if (!match) return `must be host:port:secret[@location][/capacity], ${EXAMPLE}`;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return 'must be host:port:secret with a port from 1 to 65535';
  if (match[5] !== undefined && Number(match[5]) < 1) return 'must have a capacity of at least 1 call';
  return undefined;
}

/** The entry's secret hidden: `host:port:…@location/capacity`. */
function hidden(entry: string): string {
  const match = ENTRY.exec(entry);
  if (!match) return entry.replace(/^([^:]*:[^:]*:).*$/s, '$1…');
  const [, host, port, , location, capacity] = match;
  return `${host}:${port}:…${location ? `@${location}` : ''}${capacity ? `/${capacity}` : ''}`;
}

function entriesOf(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A server in the config file's list of objects. */
const serverObject = z
  .object({
    address: z.string().regex(/^[^:]+:\d+$/, 'address must be host:port, for example 10.0.0.5:8021'),
    secret: z
      .string()
      .min(1)
      .refine((secret) => !secret.includes(','), 'secret must not contain a comma'),
    location: z.string().regex(LOCATION, 'location must be a word such as london').optional(),
    capacity: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * The config file's `freeswitch:`: the same text as the environment, or a YAML list whose items
 * are that text or `{ address, secret, location, capacity }`; read as the setting's text.
 */
export const mediaServersField = z
  .union([z.string(), z.array(z.union([z.string(), serverObject]))])
  .transform((value) =>
    typeof value === 'string'
      ? value
      : value
          .map((item) =>
            typeof item === 'string'
              ? item
              : // The location is always written, so a secret ending in `@word` is never read as one.
                `${item.address}:${item.secret}@${item.location ?? DEFAULT_LOCATION}${item.capacity ? `/${item.capacity}` : ''}`,
          )
          .join(','),
  );

/** One `network=location` of the `media_locations` setting. */
export interface LocationRule {
  readonly network: string;
  readonly location: string;
}

/** `10.1.0.0/16=newyork` entries as rules; throws naming the entry that is not one. */
export function parseLocationRules(entries: readonly string[]): LocationRule[] {
  return entries.map((entry) => {
    const [network = '', location = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (isIP(network.split('/')[0] ?? '') === 0 || !LOCATION.test(location) || rest.length > 0)
      throw new Error(`each entry must be network=location, for example 10.1.0.0/16=newyork ("${entry}" is not)`);
    return { network, location };
  });
}

/** The `media_locations` check: undefined when every entry is `network=location`. */
export function locationRulesProblem(value: unknown): string | undefined {
  try {
    parseLocationRules(value as readonly string[]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
