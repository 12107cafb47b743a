export { resolveSettings, type SettingsSources } from './settings.js';
export { SETTINGS } from './setting-specs.js';
export { DEFAULTS, PACKAGE_ROOT, type Settings } from './setting-values.js';
export { parseHostPortSecret } from './setting-checks.js';
export { SettingError } from './setting-error.js';
export { LOG_LEVELS, LOG_FORMATS } from './setting-checks.js';
export {
  parseMediaServers,
  parseLocationRules,
  DEFAULT_LOCATION,
  type MediaServerSetting,
  type LocationRule,
} from './media-servers.js';
