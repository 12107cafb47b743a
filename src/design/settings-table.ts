import { relative } from 'node:path';
import { DEFAULTS, PACKAGE_ROOT, SETTINGS, type Settings } from '../config/index.js';

/** Defaults that read better in words than as values. */
const DEFAULT_WORDS: Partial<Record<keyof Settings, string>> = {
  logLevel: '`info` (`warn` for `simulate`)',
  logFormat: '`auto`: readable at a terminal, JSON otherwise',
  usageLog: 'none',
  promptBase: 'the prompts folder',
  allowList: 'none',
  trustedProxies: 'none',
  sourceHeader: 'none: the caller ID',
  redisUrl: 'none: in memory',
  drachtio: '`127.0.0.1:9022:cymru`',
  freeswitch: '`127.0.0.1:8021:ClueCon`',
  mediaLocations: "none: every caller in the first server's location",
  mediaLocationHeader: 'none',
  policyUrl: 'none: the services file alone',
  policyTimeout: '`5s`',
  policyCache: 'none: not kept',
  policyUsername: 'none',
  policyPassword: 'none',
  policyPasswordFile: 'none',
  policyCa: "the system's",
  policyServeUsername: 'none: no client gets PINs',
  policyServePassword: 'none',
  policyServePasswordFile: 'none',
};

/**
 * Every setting Foyer reads, as a Markdown table: what it is, its flag, environment variable and
 * config file key, and its default. Made from the same list the resolver reads, so it is complete.
 */
export function settingsTable(): string {
  const rows = SETTINGS.map((spec) => {
    const flag = spec.flag ? `\`--${spec.flag}\`` : '';
    return `| ${spec.description} | ${flag} | \`${spec.env}\` | \`${spec.field}\` | ${defaultOf(spec.key)} |`;
  });
  return ['| Setting | Flag | Environment | Config file | Default |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

function defaultOf(key: keyof Settings): string {
  const words = DEFAULT_WORDS[key];
  if (words !== undefined) return words;
  const value = DEFAULTS[key];
  if (Array.isArray(value)) return value.map((item) => `\`${String(item)}\``).join(', ');
  if (typeof value === 'string' && value.startsWith(PACKAGE_ROOT)) return `\`${relative(PACKAGE_ROOT, value)}\``;
  return `\`${String(value)}\``;
}
