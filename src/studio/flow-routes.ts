import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFiles } from '../design/index.js';
import { YamlSource } from '../yaml/index.js';
import type { FlowSummary } from './api-types.js';
import { apiProblem, checkFlowText, flowView, shownPath } from './flow-view.js';
import { HttpError } from './http-error.js';
import { readJson, readText, sendJson } from './http-io.js';
import type { StudioContext } from './studio-context.js';

/** `GET /api/flows`: every flow with its description, kind and how many problems `foyer check` finds in it. */
export function listFlows(context: StudioContext, res: ServerResponse): void {
  const rows = context.flows.names().map((name): FlowSummary => {
    const file = context.flows.fileOf(name);
    if (file === undefined) return { name, file: name, description: null, kind: null, errors: 1, warnings: 0 };
    const problems = checkFiles([file], context.sources).problems;
    const top = topLevel(file);
    return {
      name,
      file: shownPath(file, context.root),
      description: typeof top.description === 'string' ? top.description : null,
      kind: typeof top.kind === 'string' ? top.kind : null,
      errors: problems.filter((problem) => problem.severity === 'error').length,
      warnings: problems.filter((problem) => problem.severity === 'warning').length,
    };
  });
  sendJson(res, 200, rows);
}

/** `GET /api/flows/:name`: the flow as saved, with its chart and problems. */
export function getFlow(context: StudioContext, name: string, res: ServerResponse): void {
  const file = fileOf(context, name);
  const text = context.flows.read(name) ?? '';
  sendJson(res, 200, flowView(name, file, text, checkFlowText(file, text, context.sources), context.root));
}

/** `POST /api/flows/:name/check {text}`: the chart and problems of unsaved text; nothing is written. */
export async function checkFlow(context: StudioContext, name: string, req: IncomingMessage, res: ServerResponse) {
  const file = fileOf(context, name);
  const body = await readJson(req);
  if (typeof body.text !== 'string') throw new HttpError(400, 'send {"text": "...the flow\'s YAML..."}');
  const problems = checkFlowText(file, body.text, context.sources);
  sendJson(res, 200, flowView(name, file, body.text, problems, context.root));
}

/**
 * `PUT /api/flows/:name` with the YAML text: written when `foyer check` finds no error in it;
 * otherwise 422 with the errors, and the file stays as it was, unless `?draft=1` asks to save it anyway.
 */
export async function putFlow(
  context: StudioContext,
  name: string,
  draft: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const file = fileOf(context, name);
  const text = await readText(req);
  const problems = checkFlowText(file, text, context.sources);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 && !draft) {
    sendJson(
      res,
      422,
      errors.map((problem) => apiProblem(problem, context.root)),
    );
    return;
  }
  context.flows.write(name, text);
  context.logger.info({ event: 'studio_flow_saved', flow: name, draft: errors.length > 0 }, `saved ${file}`);
  sendJson(res, 200, flowView(name, file, text, problems, context.root));
}

function fileOf(context: StudioContext, name: string): string {
  const file = context.flows.fileOf(name);
  if (file === undefined) throw new HttpError(404, `no flow named "${name}" in ${context.flows.folder}`);
  return file;
}

/** The flow file's top-level fields, or nothing when it does not read. */
export function topLevel(file: string): Record<string, unknown> {
  try {
    const data = YamlSource.read(file).data;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
