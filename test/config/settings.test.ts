import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveSettings } from '../../src/config/index.js';
import { tempFile } from '../helpers/files.js';

describe('configuration precedence: flag, then environment, then config file, then default', () => {
  const configFile = tempFile('foyer.yaml', 'services: my-services.yaml\nlanguage: de-DE\nlog_level: debug\n');

  it('uses the embedded defaults with nothing set', () => {
    expect(resolveSettings({ env: {} })).toEqual(DEFAULTS);
  });

  it('a config file beats the defaults; its relative paths are relative to it', () => {
    const settings = resolveSettings({ env: {}, configFile });
    expect(settings.servicesFile).toBe(resolve(configFile, '..', 'my-services.yaml'));
    expect(settings.defaultLanguage).toBe('de-DE');
    expect(settings.logLevel).toBe('debug');
  });

  it('FOYER_CONFIG names the config file', () => {
    expect(resolveSettings({ env: { FOYER_CONFIG: configFile } }).defaultLanguage).toBe('de-DE');
  });

  it('the environment beats the config file', () => {
    const settings = resolveSettings({
      env: { FOYER_CONFIG: configFile, FOYER_LANGUAGE: 'nb-NO', FOYER_SERVICES: '/etc/foyer/services.yaml' },
    });
    expect(settings.defaultLanguage).toBe('nb-NO');
    expect(settings.servicesFile).toBe('/etc/foyer/services.yaml');
  });

  it('a flag beats the environment', () => {
    const settings = resolveSettings({ env: { FOYER_SERVICES: '/env.yaml' }, flags: { servicesFile: '/flag.yaml' } });
    expect(settings.servicesFile).toBe('/flag.yaml');
  });

  it('a bad config file names the file, line and field', () => {
    const bad = tempFile('foyer.yaml', 'language: en-US\nlog_level: loud\n');
    expect(() => resolveSettings({ env: {}, configFile: bad })).toThrow(new RegExp(`${bad}:2: log_level: `));
  });

  it('lists come comma-separated from the environment, and as YAML lists or text from the file', () => {
    const file = tempFile(
      'foyer.yaml',
      'allow_list: [10.0.0.0/8, 192.0.2.0/24]\ntrusted_proxies: "198.51.100.1, 198.51.100.2"\nblock_response: drop\n',
    );
    const settings = resolveSettings({
      env: { FOYER_SCANNER_USER_AGENTS: 'evil-scanner, , sipcli' },
      configFile: file,
    });
    expect(settings.allowList).toEqual(['10.0.0.0/8', '192.0.2.0/24']);
    expect(settings.trustedProxies).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(settings.scannerUserAgents).toEqual(['evil-scanner', 'sipcli']);
    expect(settings.blockResponse).toBe('drop');
    expect(() => resolveSettings({ env: {}, configFile: tempFile('foyer.yaml', 'block_response: hang\n') })).toThrow(
      /:1: block_response: /,
    );
  });
});
