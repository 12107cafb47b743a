import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULTS, type Settings } from '../config/index.js';
import { DemoServicesError } from './demo-services-error.js';

/**
 * Refuses to answer real calls with the embedded demo services unless allowed: the default file,
 * or a copy of it (a deployment that copied the example and forgot to edit it is just as open).
 */
export function refuseDemoServices(settings: Pick<Settings, 'servicesFile' | 'allowDemoServices'>): void {
  if (settings.allowDemoServices) return;
  if (isDemoServices(settings.servicesFile)) throw new DemoServicesError(settings.servicesFile);
}

export function isDemoServices(file: string): boolean {
  if (resolve(file) === resolve(DEFAULTS.servicesFile)) return true;
  try {
    return readFileSync(file, 'utf8').trim() === readFileSync(DEFAULTS.servicesFile, 'utf8').trim();
  } catch {
    // Unreadable: the loader reports it with its own words.
    return false;
  }
}
