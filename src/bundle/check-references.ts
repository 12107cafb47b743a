import { defaultFlowFor, type Service } from '../directory/index.js';
import { BASE_THEME } from '../prompts/index.js';
import { isObject, type Problem, type YamlSource } from '../yaml/index.js';

/** The names a services file may refer to; a list left out is not checked. */
export interface KnownNames {
  readonly flows: readonly string[];
  /** Prompt themes. */
  readonly themes?: readonly string[];
  /** Languages of the base theme. */
  readonly languages?: readonly string[];
}

/** Where those names come from, for the messages. */
export interface ReferenceFolders {
  readonly flowsDir: string;
  readonly promptsDir: string;
}

/**
 * Checks that every flow, theme and language a service names exists. Each problem is on the line
 * of the field at fault in the services file (`source`).
 */
export function checkReferences(
  source: YamlSource,
  services: readonly Service[],
  known: KnownNames,
  folders: ReferenceFolders,
): Problem[] {
  const problems: Problem[] = [];
  const list = (source.data as { services: unknown[] }).services;
  services.forEach((service) => {
    const index = list.findIndex((raw) => isObject(raw) && raw.name === service.name);
    const fail = (field: string, message: string) =>
      problems.push({
        file: source.file,
        line: source.keyLineOf(['services', index, field]),
        message: `service "${service.name}": ${message}`,
        severity: 'error',
      });
    const flow = service.flow ?? defaultFlowFor(service);
    if (!known.flows.includes(flow))
      fail('flow', `flow "${flow}" does not exist in ${folders.flowsDir} (flows: ${known.flows.join(', ')})`);
    if (known.themes && service.theme !== undefined && !known.themes.includes(service.theme)) {
      fail(
        'theme',
        `theme "${service.theme}" does not exist in ${folders.promptsDir} (themes: ${known.themes.join(', ')})`,
      );
    }
    if (known.languages && service.language !== undefined && !known.languages.includes(service.language)) {
      fail(
        'language',
        `language "${service.language}" has no prompts in ${folders.promptsDir}/${BASE_THEME} (languages: ${known.languages.join(', ')})`,
      );
    }
  });
  return problems;
}
