export {
  resolveSettings,
  parseHostPortSecret,
  SETTINGS,
  DEFAULTS,
  PACKAGE_ROOT,
  type Settings,
  type SettingsSources,
} from './settings.js';
export { SettingError } from './setting-error.js';
export { LOG_LEVELS, LOG_FORMATS } from './setting-checks.js';
export {
  parseMediaServers,
  parseLocationRules,
  DEFAULT_LOCATION,
  type MediaServerSetting,
  type LocationRule,
} from './media-servers.js';
