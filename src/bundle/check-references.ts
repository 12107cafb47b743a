import { defaultFlowFor, isRoom, type Service } from '../directory/index.js';
import { flowKindFor, type FlowKind } from '../flows/index.js';
import { BASE_THEME } from '../prompts/index.js';
import { isObject, type Problem, type YamlSource } from '../yaml/index.js';

/** The names a services file may refer to; a list left out is not checked. */
export interface KnownNames {
  readonly flows: readonly string[];
  /** Each flow's kind (see flowKind); a flow left out, or of no clear kind, is not checked. */
  readonly flowKinds?: ReadonlyMap<string, FlowKind | undefined>;
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
    else {
      const kind = known.flowKinds?.get(flow);
      const needed = flowKindFor(service.type);
      if (kind !== undefined && kind !== needed) fail('flow', wrongKind(service, flow, kind, known));
    }
    if (isRoom(service)) {
      const checkNamedFlow = (field: string, name: string | undefined, needed: FlowKind) => {
        if (name === undefined) return;
        const kind = known.flowKinds?.get(name);
        if (!known.flows.includes(name))
          fail(field, `${field} "${name}" does not exist in ${folders.flowsDir} (flows: ${known.flows.join(', ')})`);
        else if (kind !== undefined && kind !== needed)
          fail(field, `flow "${name}" is ${KIND_WORDS[kind]}; ${field} needs ${KIND_WORDS[needed]}`);
      };
      checkNamedFlow('meeting_flow', service.meetingFlow, 'meeting');
      checkNamedFlow('room_flow', service.roomFlow, 'instance');
    }
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

const KIND_WORDS: Record<FlowKind, string> = {
  reception: 'a reception flow (it ends in handoff, passing the caller on to a room)',
  room: 'a room flow (it ends joined, admitting the caller)',
  meeting: 'a meeting flow (it ends left: a participant after admission)',
  instance: "a room instance flow (it ends ended: a room's conference instance)",
};

function wrongKind(service: Service, flow: string, kind: FlowKind, known: KnownNames): string {
  const needed = flowKindFor(service.type);
  const fitting = [...(known.flowKinds ?? [])].filter(([, other]) => other === needed).map(([name]) => name);
  const what = service.type === 'reception' ? 'a reception' : `a room (${service.type})`;
  return `flow "${flow}" is ${KIND_WORDS[kind]}; ${what} needs ${KIND_WORDS[needed].replace(/ \(.*/, '')}${fitting.length ? ` such as ${fitting.join(', ')}` : ''}`;
}
