import type { Command } from 'commander';
import { loadBundle, type Bundle } from '../bundle/index.js';
import { DEFAULTS, resolveSettings, SettingError, type Settings } from '../config/index.js';
import { missingMeetingPrompts, type MeetingSettings } from '../meetings/index.js';
import { BASE_THEME, checkCatalogue } from '../prompts/index.js';
import { LoadError, type Problem } from '../yaml/index.js';
import { UsageError } from './usage-error.js';
import { usedPromptIds } from './used-prompts.js';

/**
 * Settings from this command's flags, the environment, the config file and the defaults (`defaults`:
 * this command's own). A wrong flag is a usage error (exit 2); a wrong variable or file, exit 1.
 */
export function settingsFor(command: Command, defaults: Partial<Settings> = {}): Settings {
  const options = command.optsWithGlobals<{
    config?: string;
    services?: string;
    flows?: string;
    prompts?: string;
    logLevel?: string;
    logFormat?: string;
    usageLog?: string;
    drachtio?: string;
    freeswitch?: string;
    httpPort?: string;
    allowDemoServices?: boolean;
    freeswitchChecks?: string;
    telephony?: string;
    sip?: string;
    policyUrl?: string;
  }>();
  try {
    return resolveSettings({
      flags: {
        servicesFile: options.services,
        flowsDir: options.flows,
        promptsDir: options.prompts,
        logLevel: options.logLevel,
        logFormat: options.logFormat,
        usageLog: options.usageLog,
        drachtio: options.drachtio,
        freeswitch: options.freeswitch,
        httpPort: options.httpPort,
        allowDemoServices: options.allowDemoServices ? 'true' : undefined,
        freeswitchChecks: options.freeswitchChecks,
        telephony: options.telephony,
        sip: options.sip,
        policyUrl: options.policyUrl,
      },
      ...(options.config !== undefined && { configFile: options.config }),
      defaults,
    });
  } catch (error) {
    if (error instanceof SettingError && error.origin === 'flag') throw new UsageError(error.message);
    throw error;
  }
}

export interface BundleChecks {
  /**
   * Also prove the prompts complete and current (`foyer check`): every id used is in every
   * shipped language, every audio file is valid, no text changed since its audio was rendered.
   */
  readonly checkPrompts?: boolean;
}

/** Loads services, flows and prompts, and checks that the prompts the meeting rules play exist. */
export function bundleFor(settings: Settings, checks: BundleChecks = {}): Bundle {
  const bundle = loadBundle(settings);
  const file = `${settings.promptsDir}/${BASE_THEME}/${settings.defaultLanguage}/prompts.yaml`;
  const problems: Problem[] = missingMeetingPrompts(bundle.catalogue).map((id) => ({
    file,
    line: 0,
    message: `prompt "${id}" is missing: the meeting rules play it`,
    severity: 'error' as const,
  }));
  if (checks.checkPrompts) problems.push(...checkCatalogue(bundle.catalogue, usedPromptIds(bundle.flows)));
  if (problems.length > 0) throw new LoadError(problems);
  return bundle;
}

/**
 * What the operator set over the meeting flow's settings: only what differs from Foyer's defaults,
 * so that a meeting flow's own values hold where the operator changed nothing.
 */
export function meetingSettingsFor(settings: Settings): MeetingSettings {
  const changed = (key: keyof Settings) => settings[key] !== DEFAULTS[key];
  return {
    ...(changed('waitingForHostTimeout') && { waitingForHostTimeoutMs: settings.waitingForHostTimeout * 1000 }),
    ...(changed('guestsOnlyTimeout') && { guestsOnlyTimeoutMs: settings.guestsOnlyTimeout * 1000 }),
    ...(changed('announceParticipantCount') && { announceCount: settings.announceParticipantCount }),
    ...(changed('tones') && { tones: settings.tones }),
  };
}
