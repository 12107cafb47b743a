import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULTS, type Settings } from '../config/index.js';
import { DemoServicesError } from './demo-services-error.js';

/**
 * Refuses to answer real calls with the embedded demo services unless allowed: the default file,
 * or a copy of it (a deployment that copied the example and forgot to edit it is just as open).
 * Embedded telephony answering on a loopback address is allowed the demo: only this machine can
 * call it (the newcomer's `npx foyer start` and `npx foyer dial`).
 */
export function refuseDemoServices(
  settings: Pick<Settings, 'servicesFile' | 'allowDemoServices' | 'telephony' | 'sip'>,
): void {
  if (settings.allowDemoServices || onlyThisMachineCalls(settings)) return;
  if (isDemoServices(settings.servicesFile)) throw new DemoServicesError(settings.servicesFile);
}

function onlyThisMachineCalls(settings: Pick<Settings, 'telephony' | 'sip'>): boolean {
  if (settings.telephony === 'freeswitch') return false;
  const host = settings.sip.slice(0, settings.sip.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return /^127\./.test(host) || host === '::1' || host === 'localhost';
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
