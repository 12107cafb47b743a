import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PromptRef } from '../prompts/index.js';
import { KeyScriptError } from '../simulator/index.js';
import { LoadError } from '../yaml/index.js';
import { apiProblem } from './flow-view.js';
import { HttpError } from './http-error.js';
import { openEventStream, readJson, sendJson } from './http-io.js';
import { StudioCall } from './studio-call.js';
import type { StudioContext } from './studio-context.js';

/** A designer tries a few calls at a time; more is a page gone wrong (or someone else). */
const MAX_LIVE_CALLS = 8;
/** A call whose page went away (no one listening) is hung up after this long. */
const UNWATCHED_MS = 60_000;
/** An ended call's events stay readable this long (a page that subscribes late, a replay). */
const KEEP_ENDED_MS = 120_000;

/** The calls being tried, by id, and the routes that start, drive and end them. */
export class CallRoutes {
  private readonly calls = new Map<string, StudioCall>();

  constructor(
    private readonly context: StudioContext,
    private readonly audioUrl: (prompt: PromptRef) => string | null,
  ) {}

  /** `POST /api/calls {to, from?, language?, speed?}` → `{id}`: the call rings at once. */
  async start(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const to = body.to;
    if (typeof to !== 'string' || to.trim() === '' || to.length > 256)
      throw new HttpError(400, 'give "to": the alias to call, for example 8000 or meet.alice');
    if (body.from !== undefined && (typeof body.from !== 'string' || body.from.length > 256))
      throw new HttpError(400, '"from" must be a SIP URI such as sip:designer@example.com');
    if ([...this.calls.values()].filter((call) => !call.ended).length >= MAX_LIVE_CALLS)
      throw new HttpError(429, `${MAX_LIVE_CALLS} calls are already in progress; hang one up first`);
    const speed = body.speed === undefined ? 1 : Number(body.speed);
    if (!(speed >= 1 && speed <= 16)) throw new HttpError(400, '"speed" must be from 1 to 16');
    let bundle;
    try {
      bundle = this.context.loadBundle();
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      throw new HttpError(
        422,
        'the flows, prompts or services do not load; fix them first',
        error.problems.map((problem) => apiProblem(problem, this.context.root)),
      );
    }
    const language = body.language;
    if (language !== undefined && language !== '') {
      if (typeof language !== 'string' || !bundle.catalogue.languages().includes(language))
        throw new HttpError(
          400,
          `no prompts in language ${JSON.stringify(language)} (have ${bundle.catalogue.languages().join(', ')})`,
        );
    }
    const call = new StudioCall({
      bundle,
      to: to.trim(),
      ...(typeof body.from === 'string' && { from: body.from }),
      ...(typeof language === 'string' && language !== '' && { voice: { language } }),
      speed,
      logger: this.context.logger,
      ...(this.context.meetingSettings && { meetingSettings: this.context.meetingSettings }),
      ...(this.context.securityPolicy && { securityPolicy: this.context.securityPolicy }),
      audioUrl: this.audioUrl,
    });
    this.calls.set(call.id, call);
    this.watch(call);
    sendJson(res, 201, { id: call.id });
  }

  /** `POST /api/calls/:id/keys {keys}`: a key script as `--keys` takes it. */
  async keys(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call = this.live(id);
    const body = await readJson(req);
    if (typeof body.keys !== 'string' || body.keys.length > 200)
      throw new HttpError(400, 'give "keys": a key script such as 1234# (0-9 * # A-D, "," a second, "!" hang up)');
    try {
      call.keys(body.keys);
    } catch (error) {
      if (error instanceof KeyScriptError) throw new HttpError(400, error.message);
      throw error;
    }
    sendJson(res, 200, { ok: true });
  }

  /** `POST /api/calls/:id/speed {speed}`: 1 for real time, 4 for four times as fast. */
  async speed(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call = this.live(id);
    const speed = Number((await readJson(req)).speed);
    if (!(speed >= 1 && speed <= 16)) throw new HttpError(400, '"speed" must be from 1 to 16');
    call.setSpeed(speed);
    sendJson(res, 200, { speed });
  }

  /** `DELETE /api/calls/:id`: the caller hangs up. */
  hangup(id: string, res: ServerResponse): void {
    this.find(id).hangup();
    sendJson(res, 200, { ok: true });
  }

  /** `GET /api/calls/:id/events`: every event of the call from its start, then each as it happens. */
  events(id: string, req: IncomingMessage, res: ServerResponse): void {
    const call = this.find(id);
    let stop = (): void => undefined;
    const send = openEventStream(req, res, () => stop());
    stop = call.subscribe(({ event, data }) => send(event, data));
  }

  /** Hangs up every call (the studio is stopping). */
  async close(): Promise<void> {
    for (const call of this.calls.values()) call.hangup();
    await Promise.allSettled([...this.calls.values()].map((call) => call.done));
  }

  private watch(call: StudioCall): void {
    let unwatched = 0;
    const check = setInterval(() => {
      if (call.ended) return;
      unwatched = call.subscribers === 0 ? unwatched + 5_000 : 0;
      if (unwatched >= UNWATCHED_MS) call.hangup();
    }, 5_000);
    check.unref();
    void call.done.then(
      () => {
        clearInterval(check);
        setTimeout(() => this.calls.delete(call.id), KEEP_ENDED_MS).unref();
      },
      (error: unknown) => {
        clearInterval(check);
        this.context.logger.error({ err: error, callId: call.id }, 'studio call failed');
      },
    );
  }

  private find(id: string): StudioCall {
    const call = this.calls.get(id);
    if (!call) throw new HttpError(404, `no call ${id} (it ended, or the studio restarted)`);
    return call;
  }

  private live(id: string): StudioCall {
    const call = this.find(id);
    if (call.ended) throw new HttpError(409, `call ${id} has ended`);
    return call;
  }
}
