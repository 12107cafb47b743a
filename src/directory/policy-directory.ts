import type { CallerContext } from './caller-context.js';
import type { Directory } from './directory.js';
import type { GatewayResolver } from './gateway.js';
import { readServiceAnswer } from './policy-answer.js';
import type { PolicyConnection } from './policy-connection.js';
import type { PolicyFailure } from './policy-failure.js';
import { PolicyLookupError } from './policy-lookup-error.js';
import { policyAlias, serviceQuery } from './policy-query.js';
import type { Service } from './service.js';

export interface PolicyDirectoryOptions {
  /** Why a service cannot run here (a flow, theme or language it names is missing), or undefined. */
  readonly check?: (service: Service) => string | undefined;
  /** Turns a room hosted elsewhere into a service (calls out, issue #14); none: such answers fail. */
  readonly gateway?: GatewayResolver;
}

/** Services the server named lately, by name: `services()` lists them for the usage log's service tags. */
const MAX_REMEMBERED = 1_000;

/**
 * A directory that asks a Pexip-compatible policy server for every lookup and maps its answer
 * (see policy-answer.ts); `reject` is an unknown alias. A server that gives no usable answer is
 * logged once per problem, and the lookup falls back to `local` (the services file), or throws
 * PolicyLookupError when the deployment refuses calls then.
 */
export class PolicyDirectory implements Directory {
  private readonly remembered = new Map<string, Service>();
  private list: readonly Service[] | undefined;
  private listedFrom: readonly Service[] | undefined;

  constructor(
    private readonly connection: PolicyConnection,
    readonly local: Directory,
    private readonly options: PolicyDirectoryOptions = {},
  ) {}

  async lookup(dialled: string, signal?: AbortSignal, caller?: CallerContext): Promise<Service | undefined> {
    const alias = policyAlias(dialled);
    const { cache, client, failures } = this.connection;
    let answer = cache.get(alias) ?? undefined;
    if (!answer) {
      const reply = await client.ask('service', serviceQuery(alias, caller, this.connection.version), signal);
      if (!reply.ok) return this.failed(reply.failure, dialled, signal, caller);
      const read = readServiceAnswer(reply.json, dialled);
      if (read.kind === 'invalid')
        return this.failed({ cause: 'invalid_answer', problem: read.problem }, dialled, signal, caller);
      if (read.kind === 'gateway') {
        const resolved = this.options.gateway?.(read.target) ?? {
          unsupported: `"${read.target.name}" is a room hosted elsewhere (service_type gateway), which needs calls out; Foyer does not make calls out yet`,
        };
        if ('unsupported' in resolved)
          return this.failed({ cause: 'not_supported', problem: resolved.unsupported }, dialled, signal, caller);
        answer = { kind: 'service', service: resolved };
      } else {
        answer = read;
        cache.set(alias, read);
      }
    }
    if (answer.kind === 'reject') {
      failures.answered();
      return undefined;
    }
    if (answer.kind === 'continue') {
      failures.answered();
      return this.local.lookup(dialled, signal, caller);
    }
    const problem = this.options.check?.(answer.service);
    if (problem !== undefined)
      return this.failed(
        { cause: 'unknown_reference', problem: `service "${answer.service.name}": ${problem}` },
        dialled,
        signal,
        caller,
      );
    this.remember(answer.service);
    return succeed(failures, answer.service);
  }

  /** The services file's services, then those the policy server named lately (for their service tags). */
  services(): readonly Service[] {
    const local = this.local.services();
    if (this.list && this.listedFrom === local) return this.list;
    const names = new Set(local.map((service) => service.name));
    this.listedFrom = local;
    return (this.list = [...local, ...[...this.remembered.values()].filter((service) => !names.has(service.name))]);
  }

  private async failed(
    failure: PolicyFailure,
    dialled: string,
    signal: AbortSignal | undefined,
    caller: CallerContext | undefined,
  ): Promise<Service | undefined> {
    // A number keyed at a reception is the caller's; a dialled alias is already in the call's log.
    const alias = caller?.trigger === 'two_stage_dialing' ? undefined : policyAlias(dialled);
    this.connection.failures.failed('service', failure, alias);
    if (this.connection.fallback === 'reject') throw new PolicyLookupError(this.connection.client.server, failure);
    return this.local.lookup(dialled, signal, caller);
  }

  private remember(service: Service): void {
    const known = this.remembered.get(service.name);
    if (known === service) return;
    this.remembered.delete(service.name);
    const oldest = this.remembered.keys().next();
    if (this.remembered.size >= MAX_REMEMBERED && !oldest.done) this.remembered.delete(oldest.value);
    this.remembered.set(service.name, service);
    this.list = undefined;
  }
}

/** The services this Foyer holds itself (its services file), whether or not a policy server stands in front. */
export function ownDirectory(directory: Directory): Directory {
  return directory instanceof PolicyDirectory ? directory.local : directory;
}

function succeed<T>(failures: PolicyConnection['failures'], value: T): T {
  failures.answered();
  return value;
}
