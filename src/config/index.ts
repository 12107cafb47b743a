export {
  resolveSettings,
  parseHostPortSecret,
  SETTINGS,
  DEFAULTS,
  PACKAGE_ROOT,
  type Settings,
  type SettingsSources,
} from './settings.js';
