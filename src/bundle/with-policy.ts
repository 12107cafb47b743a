import { defaultFlowFor, type GatewayResolver, type PolicyConnection, type Service } from '../directory/index.js';
import { BASE_THEME } from '../prompts/index.js';
import type { Bundle } from './bundle.js';

/**
 * `bundle` with a policy server in front of its services file: lookups ask the server first (the
 * file stays the fallback), and a service the server names must fit this bundle's flows, themes
 * and languages as a file's must. Without a connection, the bundle as it is.
 */
export function withPolicy(bundle: Bundle, policy: PolicyConnection | undefined, gateway?: GatewayResolver): Bundle {
  if (!policy) return bundle;
  const flows = bundle.flows.names();
  const themes = bundle.catalogue.themes();
  const languages = bundle.catalogue.languages(BASE_THEME);
  const check = (service: Service): string | undefined => {
    const flow = service.flow ?? defaultFlowFor(service);
    if (!flows.includes(flow)) return `flow "${flow}" is not loaded (flows: ${flows.join(', ')})`;
    if (service.theme !== undefined && !themes.includes(service.theme))
      return `theme "${service.theme}" does not exist (themes: ${themes.join(', ')})`;
    if (service.language !== undefined && !languages.includes(service.language))
      return `language "${service.language}" has no prompts (languages: ${languages.join(', ')})`;
    return undefined;
  };
  const participants = policy.participantPolicy();
  return {
    ...bundle,
    directory: policy.directory(bundle.directory, { check, ...(gateway && { gateway }) }),
    ...(participants && { participants }),
  };
}
