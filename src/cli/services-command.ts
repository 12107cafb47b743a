import type { Command } from 'commander';
import {
  aliasRoutes,
  defaultFlowFor,
  isRoom,
  loadServicesFile,
  StaticDirectory,
  type Service,
} from '../directory/index.js';
import { nearest } from '../yaml/index.js';
import { settingsFor } from './load.js';
import { settingOption } from './setting-options.js';

/**
 * `foyer services`: the services of the services file, with their aliases, flows and PIN rules
 * (never a PIN). `foyer resolve ALIAS`: which service an alias reaches, and why.
 */
export function registerServices(program: Command, exit: { code: number }): void {
  program
    .command('services')
    .description('list the services (rooms and receptions) with their aliases and PIN rules; never a PIN')
    .option('--json', 'one JSON object per service')
    .addOption(settingOption('servicesFile'))
    .action((options: { json?: boolean }, command: Command) => {
      const services = loadServicesFile(settingsFor(command).servicesFile);
      for (const service of services)
        process.stdout.write(
          options.json ? `${JSON.stringify(describeService(service))}\n` : `${serviceLine(service)}\n`,
        );
      exit.code = 0;
    });

  program
    .command('resolve')
    .description('say which service an alias reaches, and why: its own alias, a reception route, or nothing')
    .argument('<alias>', 'what a caller dials, such as 1001 or sip:meet.alice@example.com')
    .option('--json', 'the routes as JSON')
    .addOption(settingOption('servicesFile'))
    .action(async (alias: string, options: { json?: boolean }, command: Command) => {
      const services = loadServicesFile(settingsFor(command).servicesFile);
      const directory = new StaticDirectory(services);
      const routes = await aliasRoutes(directory, alias);
      const near =
        routes.length === 0
          ? nearest(
              alias,
              services.flatMap((service) => service.aliases),
            )
          : [];
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ alias, routes: routes.map(routeJson), ...(near.length && { near }) })}\n`,
        );
      } else if (routes.length === 0) {
        process.stdout.write(
          `${alias} reaches nothing: a caller who dials it gets 404 (rejected, unknown_alias)${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`,
        );
      } else {
        for (const route of routes) process.stdout.write(`${routeLine(alias, route)}\n`);
      }
      exit.code = routes.length > 0 ? 0 : 1;
    });
}

type Route = Awaited<ReturnType<typeof aliasRoutes>>[number];

function routeLine(alias: string, route: Route): string {
  if (route.how === 'direct')
    return `${alias} reaches ${route.service.name} (${route.service.type}) directly: its alias "${route.alias}"; ${pinRule(route.service)}`;
  const rewrite = route.lookedUp === parseDigits(alias) ? '' : `, rewritten to ${route.lookedUp}`;
  return `${parseDigits(alias)} keyed at ${route.reception.name} (${route.reception.aliases[0]}) reaches ${route.room.name} (${route.room.type})${rewrite}; ${pinRule(route.room)}`;
}

function parseDigits(alias: string): string {
  return alias.replace(/^(sips?|tel):/i, '').split('@')[0] ?? alias;
}

function routeJson(route: Route): Record<string, unknown> {
  return route.how === 'direct'
    ? { how: 'direct', service: route.service.name, type: route.service.type, alias: route.alias }
    : {
        how: 'reception',
        reception: route.reception.name,
        service: route.room.name,
        type: route.room.type,
        looked_up: route.lookedUp,
      };
}

/** Who gets in and how, in words; never the PIN itself. */
function pinRule(service: Service): string {
  if (!isRoom(service)) return 'callers key the number of a room';
  if (service.hostPin === undefined) return 'no PIN: everyone joins as host';
  if (!service.allowGuests) return 'host PIN required';
  return service.guestPin === undefined ? 'host PIN, or # to join as a guest' : 'host PIN or guest PIN';
}

function describeService(service: Service): Record<string, unknown> {
  return {
    name: service.name,
    type: service.type,
    aliases: service.aliases,
    flow: service.flow ?? defaultFlowFor(service),
    access: pinRule(service),
    ...(service.theme !== undefined && { theme: service.theme }),
    ...(service.language !== undefined && { language: service.language }),
    ...(service.serviceTag !== undefined && { service_tag: service.serviceTag }),
    ...(isRoom(service) &&
      service.target && { hosted_elsewhere: { uri: service.target.uri, method: service.target.method } }),
  };
}

function serviceLine(service: Service): string {
  const elsewhere =
    isRoom(service) && service.target ? `; hosted elsewhere: ${service.target.method} to ${service.target.uri}` : '';
  return `${service.name} (${service.type}): ${service.aliases.join(', ')}; flow ${service.flow ?? defaultFlowFor(service)}; ${pinRule(service)}${elsewhere}`;
}
