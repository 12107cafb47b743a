import type { Command } from 'commander';
import { loadBundle, type Bundle, type BundleOptions } from '../bundle/index.js';
import { resolveSettings, type Settings } from '../config/index.js';

/** Settings from this command's flags, the environment, the config file and the defaults. */
export function settingsFor(command: Command): Settings {
  const options = command.optsWithGlobals<{ config?: string; services?: string; flows?: string; prompts?: string; logLevel?: string }>();
  return resolveSettings({
    flags: { servicesFile: options.services, flowsDir: options.flows, promptsDir: options.prompts, logLevel: options.logLevel },
    ...(options.config !== undefined && { configFile: options.config }),
  });
}

export function bundleFor(settings: Settings, options: BundleOptions = {}): Bundle {
  return loadBundle(settings, options);
}
