import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { fsWatchFiles, type WatchFiles } from '../bundle/index.js';
import { LoadError } from '../yaml/index.js';
import { CallRoutes } from './call-routes.js';
import { ChangeFeed } from './change-feed.js';
import { apiProblem } from './flow-view.js';
import { checkFlow, getFlow, listFlows, putFlow, topLevel } from './flow-routes.js';
import { HttpError } from './http-error.js';
import { openEventStream, sendJson } from './http-io.js';
import type { PageAssets } from './page-bundle.js';
import { audioFiles, audioUrl, promptsView } from './prompts-view.js';
import { servicesView } from './services-view.js';
import type { StudioContext } from './studio-context.js';

export interface StudioServerOptions extends StudioContext {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly page: PageAssets;
  /** How files are watched (the real file system by default). */
  readonly watch?: WatchFiles;
}

/** Answers one request; a thrown HttpError becomes its status and body. */
type Handler = () => void | Promise<void>;

export interface RunningStudio {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Serves the studio: the page, and the JSON API it uses (docs/studio.md). Answers only requests
 * addressed to this host by name (a page on another site cannot reach it through DNS tricks) and
 * changes only from its own page (the Origin must match).
 */
export async function startStudioServer(options: StudioServerOptions): Promise<RunningStudio> {
  const context: StudioContext = options;
  const calls = new CallRoutes(context, (prompt) => {
    const relative = prompt.file.split(/[\\/]/).join('/');
    return audio().has(relative) ? audioUrl(relative) : null;
  });
  // The audio files the catalogue names: the only files the studio reads for the browser.
  let audioCache: { at: number; files: Map<string, string> } | undefined;
  const audio = (): Map<string, string> => {
    if (!audioCache || Date.now() - audioCache.at > 2_000) {
      try {
        audioCache = { at: Date.now(), files: audioFiles(context.loadBundle().catalogue) };
      } catch {
        audioCache = { at: Date.now(), files: new Map() };
      }
    }
    return audioCache.files;
  };
  const feed = new ChangeFeed(options.watch ?? fsWatchFiles(options.logger), options.sources);

  /** The handler of a request, or undefined when no route takes it. */
  const route = (req: IncomingMessage, res: ServerResponse, url: URL): Handler | undefined => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    let match: RegExpMatchArray | null;
    if (method === 'GET' && (path === '/' || path === '/index.html')) return () => page(res, 'text/html', PAGE_HTML);
    if (method === 'GET' && path === '/app.js') return () => page(res, 'text/javascript', options.page.js);
    if (method === 'GET' && path === '/app.css') return () => page(res, 'text/css', options.page.css);
    if (method === 'GET' && path === '/favicon.ico') return () => void res.writeHead(204).end();
    if (method === 'GET' && path === '/api/flows') return () => listFlows(context, res);
    if ((match = path.match(/^\/api\/flows\/([^/]+)$/))) {
      const name = decodeURIComponent(group(match));
      if (method === 'GET') return () => getFlow(context, name, res);
      if (method === 'PUT') return () => putFlow(context, name, url.searchParams.get('draft') === '1', req, res);
    }
    if (method === 'POST' && (match = path.match(/^\/api\/flows\/([^/]+)\/check$/))) {
      const name = decodeURIComponent(group(match));
      return () => checkFlow(context, name, req, res);
    }
    if (method === 'GET' && path === '/api/services')
      return () => {
        const kinds = new Map(context.flows.names().map((name) => [name, kindOf(context, name)]));
        sendJson(res, 200, servicesView(context.sources.servicesFile, kinds, context.root));
      };
    if (method === 'GET' && path === '/api/prompts') return () => prompts(res);
    if (method === 'GET' && (match = path.match(/^\/api\/audio\/(.+)$/))) {
      const file = group(match);
      return () => sendAudio(res, file);
    }
    if (method === 'GET' && path === '/api/changes')
      return () => {
        let stop = (): void => undefined;
        const send = openEventStream(req, res, () => stop());
        stop = feed.subscribe((event) => send('message', event));
      };
    if (method === 'POST' && path === '/api/calls') return () => calls.start(req, res);
    if ((match = path.match(/^\/api\/calls\/([0-9a-f-]{36})(\/[a-z]+)?$/))) {
      const id = group(match);
      const action = match[2];
      if (method === 'DELETE' && action === undefined) return () => calls.hangup(id, res);
      if (method === 'POST' && action === '/keys') return () => calls.keys(id, req, res);
      if (method === 'POST' && action === '/speed') return () => calls.speed(id, req, res);
      if (method === 'GET' && action === '/events') return () => calls.events(id, req, res);
    }
    return undefined;
  };

  const prompts = (res: ServerResponse): void => {
    try {
      const bundle = context.loadBundle();
      sendJson(res, 200, promptsView(bundle.catalogue, context.checkPrompts(), context.root));
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      throw new HttpError(
        422,
        'the prompts do not load',
        error.problems.map((problem) => apiProblem(problem, context.root)),
      );
    }
  };

  const sendAudio = (res: ServerResponse, encoded: string): void => {
    const relative = encoded.split('/').map(decodeURIComponent).join('/');
    const file = audio().get(relative);
    if (file === undefined) throw new HttpError(404, `no prompt audio ${relative} in the catalogue`);
    res.writeHead(200, { 'content-type': 'audio/wav', 'cache-control': 'no-cache' });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    const refusal = refuse(req, options.host);
    if (refusal) {
      sendJson(res, 403, { error: refusal });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const handler =
      route(req, res, url) ??
      (() => {
        throw new HttpError(404, `no such route: ${req.method ?? 'GET'} ${url.pathname}`);
      });
    const failed = (error: unknown): void => {
      if (res.headersSent) res.destroy();
      else if (error instanceof HttpError) sendJson(res, error.status, error.body);
      else {
        options.logger.error({ err: error, url: req.url }, 'studio request failed');
        sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
      }
    };
    try {
      void Promise.resolve(handler()).catch(failed);
    } catch (error) {
      failed(error);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}/`,
    server,
    close: async () => {
      feed.close();
      await calls.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first group of a route's match (the pattern always has one). */
function group(match: RegExpMatchArray): string {
  return match[1] ?? '';
}

function kindOf(context: StudioContext, name: string): string | null {
  const file = context.flows.fileOf(name);
  const kind = file === undefined ? undefined : topLevel(file).kind;
  return typeof kind === 'string' ? kind : null;
}

/**
 * Why a request is refused: a Host that is not this machine's (when serving loopback), or a change
 * sent by a page of another origin.
 */
function refuse(req: IncomingMessage, boundHost: string): string | undefined {
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '');
  const loopbackOnly = boundHost === '127.0.0.1' || boundHost === '::1' || boundHost === 'localhost';
  if (loopbackOnly && !LOOPBACK_NAMES.has(hostname)) return `the studio answers on localhost only, not ${host}`;
  const origin = req.headers.origin;
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined && origin !== `http://${host}`)
    return `changes come from the studio's own page, not ${origin}`;
  return undefined;
}

function page(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' });
  res.end(body);
}

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Foyer studio</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/app.js"></script>
</body>
</html>
`;
