import { Option, type Command } from 'commander';
import { SETTINGS, type Settings } from '../config/index.js';

/** What a flag's value is called in `--help`. */
const PLACEHOLDERS: Partial<Record<keyof Settings, string>> = {
  servicesFile: 'file',
  flowsDir: 'dir',
  promptsDir: 'dir',
  logLevel: 'level',
  logFormat: 'format',
  usageLog: 'target',
  drachtio: 'host:port:secret',
  freeswitch: 'host:port:secret[@location][/capacity],...',
  httpPort: 'port',
  policyUrl: 'url',
};

/**
 * Adds the flags of these settings to a command, each described as the settings table describes
 * it, with its environment variable and config file key: one source for `--help` and the docs.
 */
export function addSettingOptions(command: Command, keys: readonly (keyof Settings)[]): Command {
  for (const key of keys) command.addOption(settingOption(key));
  return command;
}

export function settingOption(key: keyof Settings): Option {
  const spec = SETTINGS.find((setting) => setting.key === key);
  if (!spec?.flag) throw new Error(`setting ${key} has no command-line flag`);
  const value = spec.kind === 'boolean' ? '' : ` <${PLACEHOLDERS[key] ?? 'value'}>`;
  return new Option(`--${spec.flag}${value}`, `${spec.description}; env ${spec.env}, config ${spec.field}`);
}
