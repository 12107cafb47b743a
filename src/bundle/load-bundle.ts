import { FlowSet } from '../flows/index.js';
import { loadServicesFile, StaticDirectory, defaultFlowFor, type Service } from '../directory/index.js';
import { BASE_THEME, Catalogue } from '../prompts/index.js';
import { LoadError, YamlSource, type Problem } from '../yaml/index.js';
import type { Bundle } from './bundle.js';

export interface BundleSources {
  readonly servicesFile: string;
  readonly flowsDir: string;
  readonly promptsDir: string;
  readonly defaultTheme: string;
  readonly defaultLanguage: string;
}

let nextVersion = 1;

/**
 * Loads prompts, flows and services, and checks that they fit together (every flow, theme and
 * language a service names exists). Throws LoadError with every problem found.
 */
export function loadBundle(sources: BundleSources): Bundle {
  const catalogue = Catalogue.load(sources.promptsDir, sources.defaultLanguage);
  const flows = FlowSet.load(sources.flowsDir, {
    hasPrompt: (id) => catalogue.has(id),
    promptArguments: (id) => [...(catalogue.argumentsOf(id)?.keys() ?? [])],
    promptsWhere: `${sources.promptsDir}/${BASE_THEME}/${sources.defaultLanguage}`,
  });
  const services = loadServicesFile(sources.servicesFile);
  const problems = checkReferences(sources, services, flows, catalogue);
  if (problems.length > 0) throw new LoadError(problems);
  return {
    version: nextVersion++,
    directory: new StaticDirectory(services),
    flows,
    catalogue,
    voice: { theme: sources.defaultTheme, language: sources.defaultLanguage },
  };
}

function checkReferences(sources: BundleSources, services: readonly Service[], flows: FlowSet, catalogue: Catalogue): Problem[] {
  const problems: Problem[] = [];
  const source = YamlSource.read(sources.servicesFile);
  const list = (source.data as { services: { name?: unknown }[] }).services;
  services.forEach((service) => {
    const index = list.findIndex((raw) => raw?.name === service.name);
    const fail = (field: string, message: string) =>
      problems.push({ file: sources.servicesFile, line: source.keyLineOf(['services', index, field]), message: `service "${service.name}": ${message}`, severity: 'error' });
    const flow = service.flow ?? defaultFlowFor(service);
    if (!flows.get(flow)) fail('flow', `flow "${flow}" does not exist in ${sources.flowsDir} (flows: ${flows.names().join(', ')})`);
    if (service.theme !== undefined && !catalogue.themes().includes(service.theme)) {
      fail('theme', `theme "${service.theme}" does not exist in ${sources.promptsDir} (themes: ${catalogue.themes().join(', ')})`);
    }
    if (service.language !== undefined && !catalogue.languages(BASE_THEME).includes(service.language)) {
      fail('language', `language "${service.language}" has no prompts in ${sources.promptsDir}/${BASE_THEME} (languages: ${catalogue.languages().join(', ')})`);
    }
  });
  return problems;
}
