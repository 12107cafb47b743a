import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, type Settings } from '../config/index.js';
import { PolicyConnection, type PolicyObserver, type PolicyServeCredentials } from '../directory/index.js';
import type { Logger } from '../observability/index.js';
import { UsageError } from './usage-error.js';

/** The connection to the policy server the settings name (`policy.url`), or none. Throws UsageError for bad settings. */
export function policyFor(settings: Settings, logger: Logger, observer?: PolicyObserver): PolicyConnection | undefined {
  if (settings.policyUrl === '') return undefined;
  if (settings.policyFallback !== 'local' && settings.policyFallback !== 'reject')
    throw new UsageError(`policy.fallback "${settings.policyFallback}" must be local or reject`);
  if (!Number.isInteger(settings.policyMaxInFlight) || settings.policyMaxInFlight < 1)
    throw new UsageError(`policy.max_in_flight must be a whole number of at least 1`);
  if (settings.policyTimeout <= 0) throw new UsageError('policy.timeout must be more than 0');
  const password = secret(settings.policyPassword, settings.policyPasswordFile, 'policy.password');
  const username = settings.policyUsername;
  try {
    const connection = new PolicyConnection({
      url: settings.policyUrl,
      ...(username !== '' && { username }),
      ...(password !== undefined && { password }),
      ...(settings.policyCa !== '' && { ca: readText(settings.policyCa, 'policy.ca') }),
      timeoutMs: settings.policyTimeout,
      maxInFlight: settings.policyMaxInFlight,
      cacheMs: settings.policyCache,
      fallback: settings.policyFallback,
      participants: settings.policyParticipant,
      version: foyerVersion(),
      logger,
      ...(observer && { observer }),
    });
    logger.info(
      {
        event: 'policy_server',
        server: connection.client.server,
        fallback: connection.fallback,
        participant: settings.policyParticipant,
      },
      `asking the policy server ${connection.client.server} for every call (when it fails: ${connection.fallback === 'local' ? 'the services file' : 'the call is refused'})`,
    );
    return connection;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Who may read PINs from the served policy API, when `policy.serve` names anyone. */
export function serveCredentialsFor(settings: Settings): PolicyServeCredentials | undefined {
  const password = secret(settings.policyServePassword, settings.policyServePasswordFile, 'policy.serve_password');
  if (settings.policyServeUsername === '' && password === undefined) return undefined;
  if (settings.policyServeUsername === '' || password === undefined || password === '')
    throw new UsageError('policy.serve_username and policy.serve_password (or serve_password_file) go together');
  return { username: settings.policyServeUsername, password };
}

/** A password given as is or in a file (its first line); the file wins. Never logged. */
function secret(value: string, file: string, what: string): string | undefined {
  if (file !== '') return readText(file, `${what}_file`).split(/\r?\n/)[0] ?? '';
  return value === '' ? undefined : value;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${what}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function foyerVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0'
    );
  } catch {
    return '0';
  }
}
