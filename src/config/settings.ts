import { dirname, isAbsolute, resolve } from 'node:path';
import { LoadError, type Problem } from '../yaml/index.js';
import { readConfigFile, type SettingValue } from './config-file.js';
import { maskSecret, MASKED_SETTINGS, SETTING_CHECKS } from './setting-checks.js';
import { SettingError } from './setting-error.js';
import { SETTINGS, type SettingSpec } from './setting-specs.js';
import { durationMs, splitList } from './setting-text.js';
import { DEFAULTS, type Settings } from './setting-values.js';

export interface SettingsSources {
  /** Command-line values, by setting key. */
  readonly flags?: Partial<Record<keyof Settings, string | undefined>>;
  readonly env?: NodeJS.ProcessEnv;
  /** Config file: `--config`, else FOYER_CONFIG, else none. */
  readonly configFile?: string;
  /** This command's own defaults (`simulate` logs at warn), used when no flag, variable or file sets them. */
  readonly defaults?: Partial<Settings>;
}

/**
 * Resolves settings: command-line flag, then environment, then config file, then embedded
 * default. Relative paths in the config file are relative to it; elsewhere, to the working folder.
 * A value Foyer cannot use throws SettingError (flag, variable) or LoadError (config file, with
 * its line), naming where it was written.
 */
export function resolveSettings(sources: SettingsSources = {}): Settings {
  const env = sources.env ?? process.env;
  const configFile = sources.configFile ?? env.FOYER_CONFIG;
  const file = configFile ? { path: configFile, ...readConfigFile(configFile) } : undefined;
  const settings: Record<string, SettingValue> = { ...DEFAULTS, ...sources.defaults };
  const fileProblems: Problem[] = [];
  const given = new Set<keyof Settings>();
  for (const spec of SETTINGS) {
    const flag = sources.flags?.[spec.key];
    const fromEnv = nonEmpty(env[spec.env]);
    const fromFile = file?.values[spec.field];
    if (flag !== undefined || fromEnv !== undefined || fromFile !== undefined) given.add(spec.key);
    if (flag !== undefined) settings[spec.key] = checked(spec, fromText(spec, flag, 'flag'), 'flag');
    else if (fromEnv !== undefined) settings[spec.key] = checked(spec, fromText(spec, fromEnv, 'env'), 'env');
    else if (file && fromFile !== undefined) {
      const problem = SETTING_CHECKS[spec.key]?.(fromFile);
      if (problem) fileProblems.push(file.source.problem(spec.field.split('.'), `${spec.field}: ${problem}`));
      settings[spec.key] =
        typeof fromFile === 'string' && spec.kind === 'path' ? resolve(dirname(file.path), fromFile) : fromFile;
    }
  }
  if (fileProblems.length > 0) throw new LoadError(fileProblems);
  // Whoever configured drachtio-server or FreeSWITCH means to use them.
  if (settings.telephony === 'auto' && (given.has('drachtio') || given.has('freeswitch')))
    settings.telephony = 'freeswitch';
  return settings as unknown as Settings;
}

type Origin = 'flag' | 'env';

/** How the user wrote a value: `--http-port 70000` or `FOYER_HTTP_PORT=70000`, a secret masked. */
function written(spec: SettingSpec, text: string, origin: Origin): string {
  const shown = MASKED_SETTINGS.has(spec.key) ? maskValue(spec.key, text) : text;
  if (origin === 'env') return `${spec.env}=${shown}`;
  return spec.kind === 'boolean' ? `--${spec.flag}` : `--${spec.flag} ${shown}`;
}

function maskValue(key: string, text: string): string {
  return key === 'redisUrl' || key === 'policyUrl' ? text.replace(/\/\/[^@/]*@/, '//…@') : maskSecret(text);
}

function checked(spec: SettingSpec, value: SettingValue, origin: Origin): SettingValue {
  const problem = SETTING_CHECKS[spec.key]?.(value);
  if (problem)
    throw new SettingError(`${written(spec, String(value), origin)}: ${problem}${alsoFrom(spec, origin)}`, origin);
  return value;
}

/** The other places the same setting can be given, so a user who reads the message knows them all. */
function alsoFrom(spec: SettingSpec, origin: Origin): string {
  const others = [
    ...(origin !== 'flag' && spec.flag ? [`--${spec.flag}`] : []),
    ...(origin !== 'env' ? [spec.env] : []),
    `config file key ${spec.field}`,
  ];
  return ` (also settable with ${others.join(', ')})`;
}

/** A value from the command line or the environment, read as its setting's kind. */
function fromText(spec: SettingSpec, text: string, origin: Origin): SettingValue {
  switch (spec.kind) {
    case 'path':
      return isAbsolute(text) ? text : resolve(text);
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || value < 0)
        throw new SettingError(
          `${written(spec, text, origin)}: must be a number of at least 0${alsoFrom(spec, origin)}`,
          origin,
        );
      return value;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off)$/i.test(text)) return false;
      throw new SettingError(`${written(spec, text, origin)}: must be true or false${alsoFrom(spec, origin)}`, origin);
    case 'text':
      return text;
    case 'list':
      return splitList(text);
    case 'duration': {
      const ms = durationMs(text);
      if (ms === undefined)
        throw new SettingError(
          `${written(spec, text, origin)}: must be a duration such as 5s, 500ms or 1m (a number is seconds)${alsoFrom(spec, origin)}`,
          origin,
        );
      return ms;
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
