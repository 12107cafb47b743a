// The page's calls to the studio's JSON API (docs/studio.md): the same API tools and tests use.
import type {
  ApiProblem,
  CallRequest,
  FlowSummary,
  FlowView,
  PromptsView,
  ServicesView,
} from '../../src/studio/api-types.js';

export type * from '../../src/studio/api-types.js';

/** An answer other than 2xx: its status and body (a message, or the problems that refused a flow). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `HTTP ${status}`);
  }

  get problems(): ApiProblem[] {
    return Array.isArray(this.body) ? (this.body as ApiProblem[]) : [];
  }
}

async function call<T>(method: string, url: string, body?: unknown, type = 'application/json'): Promise<T> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed as T;
}

export const api = {
  flows: () => call<FlowSummary[]>('GET', '/api/flows'),
  flow: (name: string) => call<FlowView>('GET', `/api/flows/${encodeURIComponent(name)}`),
  check: (name: string, text: string) =>
    call<FlowView>('POST', `/api/flows/${encodeURIComponent(name)}/check`, { text }),
  save: (name: string, text: string, draft = false) =>
    call<FlowView>('PUT', `/api/flows/${encodeURIComponent(name)}${draft ? '?draft=1' : ''}`, text, 'text/yaml'),
  services: () => call<ServicesView>('GET', '/api/services'),
  prompts: () => call<PromptsView>('GET', '/api/prompts'),
  startCall: (request: CallRequest) => call<{ id: string }>('POST', '/api/calls', request),
  keys: (id: string, keys: string) => call<{ ok: true }>('POST', `/api/calls/${id}/keys`, { keys }),
  speed: (id: string, speed: number) => call<{ speed: number }>('POST', `/api/calls/${id}/speed`, { speed }),
  hangup: (id: string) => call<{ ok: true }>('DELETE', `/api/calls/${id}`),
};

/** `file:line: message`, as `foyer check` prints it. */
export function formatProblem(problem: ApiProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}
