import { flowKind, FlowSet } from '../flows/index.js';
import { parseServices, StaticDirectory } from '../directory/index.js';
import { BASE_THEME, Catalogue } from '../prompts/index.js';
import { LoadError, YamlSource } from '../yaml/index.js';
import type { Bundle } from './bundle.js';
import { checkReferences, type ReferenceFolders } from './check-references.js';

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
  return withServicesFrom(
    YamlSource.read(sources.servicesFile),
    { flows, catalogue, voice: { theme: sources.defaultTheme, language: sources.defaultLanguage } },
    sources,
  );
}

/**
 * A bundle of `parts` (flows, prompts) with the services of a services file, checked to fit them.
 * Throws LoadError with every problem found.
 */
export function withServicesFrom(
  source: YamlSource,
  parts: Pick<Bundle, 'flows' | 'catalogue' | 'voice'>,
  folders: ReferenceFolders,
): Bundle {
  const services = parseServices(source);
  const known = {
    flows: parts.flows.names(),
    flowKinds: new Map(parts.flows.names().map((name) => [name, flowKind(parts.flows.get(name)?.config ?? {})])),
    themes: parts.catalogue.themes(),
    languages: parts.catalogue.languages(BASE_THEME),
  };
  const problems = checkReferences(source, services, known, folders);
  if (problems.length > 0) throw new LoadError(problems);
  return { version: nextVersion++, directory: new StaticDirectory(services), ...parts };
}
