import { defaultFlowFor, isRoom, readServices } from '../directory/index.js';
import { LoadError, YamlSource } from '../yaml/index.js';
import type { ServicesView } from './api-types.js';
import { apiProblem, shownPath } from './flow-view.js';

/** The kinds of flow that run once a caller is in a room (the meeting and each participant in it). */
const MEETING_KINDS = new Set(['meeting', 'participant']);

/**
 * The services file as the studio shows it: for each service its aliases, the flow its callers run
 * and, for rooms, the meeting flows. PINs stay on the server: only whether one is set.
 */
export function servicesView(file: string, flowKinds: ReadonlyMap<string, string | null>, root: string): ServicesView {
  let source: YamlSource;
  try {
    source = YamlSource.read(file);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    return { file: shownPath(file, root), services: [], problems: error.problems.map((p) => apiProblem(p, root)) };
  }
  const { services, problems } = readServices(source);
  const meetingFlows = [...flowKinds].filter(([, kind]) => kind !== null && MEETING_KINDS.has(kind)).map(([n]) => n);
  return {
    file: shownPath(file, root),
    services: services.map((service) => ({
      name: service.name,
      type: service.type,
      aliases: service.aliases,
      flow: service.flow ?? defaultFlowFor(service),
      meetingFlows: isRoom(service) ? meetingFlows : [],
      hostPinSet: isRoom(service) && service.hostPin !== undefined,
      guestPinSet: isRoom(service) && service.guestPin !== undefined,
      allowGuests: isRoom(service) && service.allowGuests,
      theme: service.theme ?? null,
      language: service.language ?? null,
    })),
    problems: problems.map((problem) => apiProblem(problem, root)),
  };
}
