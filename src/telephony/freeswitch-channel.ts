import { Listeners, type CallChannel, type CallChannelEvents, type JoinFlags } from '../calls/index.js';
import { processResources, type Logger, type Metrics, type Release, type Resources } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { MEMBER_FLAGS, MEMBER_VARIABLES } from './conference-member.js';
import { DtmfArbiter, keyFromInfo, normaliseKey, transportOfFreeswitchSource, type DtmfTransport } from './dtmf.js';
import type { DtmfEvent, EndpointLike, MediaServerLike, SipDialog, SipRequest, SipResponse } from './library-types.js';
import { moveMedia, MoveFailedError, type MoveFailure } from './media-move.js';
import { CallEndedError, race } from './race.js';

export interface FreeswitchChannelOptions {
  /** Where FreeSWITCH finds `prompts/`: a folder on its machine, or an http(s) base URL. */
  readonly promptBase: string;
  /** FreeSWITCH conference profile with its own keypad controls off. */
  readonly conferenceProfile: string;
  readonly logger: Logger;
  /** Longest any single media command may take (playback adds the prompts' length). */
  readonly operationTimeoutMs: number;
  /** Where the call's channel and FreeSWITCH endpoint are counted; the process's counters by default. */
  readonly resources?: Resources;
  /** Counts keys by transport. */
  readonly metrics?: Metrics;
  /** The FreeSWITCH the call is on: conference commands about its member go there. */
  readonly mediaServer?: MediaServerLike;
}

/** Whether a move happened; when not, why (the call is still on its old server). */
export type MoveResult = { readonly moved: true } | { readonly moved: false; readonly reason: MoveFailure };

/**
 * A caller's call: the SIP dialog with the caller (drachtio-server) and the caller's channel on
 * FreeSWITCH (an fsmrf Endpoint). Prompts play on FreeSWITCH; keys come from RFC 4733 or inband
 * detection (FreeSWITCH) or SIP INFO (the dialog), one transport per call. The caller's BYE or
 * CANCEL, FreeSWITCH hanging up, or the event socket closing all end the call exactly once. The
 * caller's media can move to another FreeSWITCH (a new channel there, a re-INVITE to the caller).
 */
export class FreeswitchChannel implements CallChannel {
  private readonly listeners = new Listeners<CallChannelEvents>();
  private readonly arbiter = new DtmfArbiter();
  private log: Logger;
  private ended = false;
  private resolveEnded!: () => void;
  /** Settles when the call is over, whoever ended it; every pending operation races it. */
  readonly whenEnded = new Promise<void>((resolve) => (this.resolveEnded = resolve));
  private playing: readonly PromptRef[] = [];
  private readonly releases: Release[];
  private readonly resources: Resources;
  /** The caller's channel on FreeSWITCH, and the server it is on: both change when the media moves. */
  private media: EndpointLike;
  private server: MediaServerLike | undefined;
  /** Takes the channel's listeners off `media`. */
  private unwire: () => void;
  /** Whether keys are detected in the audio (to be started again on a channel the media moves to). */
  private inband = false;

  constructor(
    readonly callId: string,
    readonly dialog: SipDialog,
    endpoint: EndpointLike,
    private readonly options: FreeswitchChannelOptions,
  ) {
    // FreeSWITCH's uuid for the call, so Foyer's log lines can be matched with FreeSWITCH's.
    this.log = options.logger.child({ callId, fsUuid: endpoint.uuid });
    this.media = endpoint;
    this.server = options.mediaServer;
    this.resources = options.resources ?? processResources;
    // The channel owns the caller's dialog and the FreeSWITCH endpoint until the call ends.
    this.releases = [this.resources.acquire('channels', callId), this.resources.acquire('endpoints', callId)];
    dialog.on('destroy', () => this.finish('caller'));
    dialog.on('info', (req: SipRequest, res: SipResponse) => this.onInfo(req, res));
    dialog.on('refer', (_req: SipRequest, res: SipResponse) => {
      this.log.warn({ event: 'refer_refused' }, 'caller sent REFER; refused (no transfers out of Foyer)');
      res.send(403);
    });
    this.unwire = this.wire(endpoint);
  }

  /** The caller's channel on FreeSWITCH now. */
  get endpoint(): EndpointLike {
    return this.media;
  }

  /** Keys arrive without RFC 4733 (no telephone-event): listen for tones in the audio. */
  async startInbandDetection(): Promise<void> {
    this.inband = true;
    await race('start_dtmf', this.endpoint.execute('start_dtmf'), this.options.operationTimeoutMs, this.whenEnded);
    this.log.info({ event: 'inband_dtmf' }, 'caller has no telephone-event; inband DTMF detection on');
  }

  /**
   * Moves the caller's media to `target` (see moveMedia): keys, playback and FreeSWITCH hanging up
   * then come from the channel there, and the old channel is released. A move that fails leaves the
   * call as it was, on its server, with a warning saying why.
   */
  async moveTo(target: MediaServerLike): Promise<MoveResult> {
    if (this.isEnded) return { moved: false, reason: 'call_ended' };
    const from = this.media;
    let fresh: EndpointLike;
    try {
      fresh = await moveMedia(this, target, {
        operationTimeoutMs: this.options.operationTimeoutMs,
        resources: this.resources,
        log: this.log,
      });
    } catch (error) {
      const reason = error instanceof MoveFailedError ? error.reason : 'target_refused';
      this.log[reason === 'call_ended' ? 'info' : 'warn'](
        { event: 'media_move_failed', reason, target: target.address, err: error },
        `the caller's media stays on its FreeSWITCH: ${(error as Error).message}`,
      );
      return { moved: false, reason };
    }
    if (this.ended) {
      // The call ended as the move completed: the old channel went with it, the new one goes too.
      void fresh.destroy().catch((error: unknown) => this.log.warn({ err: error }, 'releasing the new channel failed'));
      return { moved: false, reason: 'call_ended' };
    }
    this.unwire();
    this.media = fresh;
    this.server = target;
    this.unwire = this.wire(fresh);
    this.log = this.options.logger.child({ callId: this.callId, fsUuid: fresh.uuid });
    // Its own end is no longer the call's.
    void from.destroy().catch((error: unknown) => this.log.warn({ err: error }, 'releasing the old channel failed'));
    if (this.inband)
      await this.startInbandDetection().catch((error: unknown) =>
        this.log.warn({ err: error }, 'inband DTMF detection on the new channel failed'),
      );
    return { moved: true };
  }

  async play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (this.ended || signal.aborted || prompts.length === 0) return;
    const files = prompts.map((prompt) => this.fileFor(prompt));
    this.playing = prompts;
    const stop = () => void this.stop();
    signal.addEventListener('abort', stop, { once: true });
    const length = prompts.reduce((total, prompt) => total + prompt.durationMs, 0);
    try {
      await race('playback', this.endpoint.play(files), length + this.options.operationTimeoutMs, this.whenEnded);
    } catch (error) {
      if (!(error instanceof CallEndedError)) throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      this.playing = [];
    }
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    await race(
      'uuid_break',
      this.endpoint.api('uuid_break', `${this.endpoint.uuid} all`),
      this.options.operationTimeoutMs,
      this.whenEnded,
    ).catch((error: unknown) => {
      if (!(error instanceof CallEndedError)) this.log.warn({ err: error }, 'stopping playback failed');
    });
  }

  /** Joins a FreeSWITCH conference; resolves with the member id once FreeSWITCH has added the caller. */
  async joinConference(conference: string, flags: JoinFlags): Promise<number> {
    // Set first, so the member never exists with FreeSWITCH's own keypad controls bound.
    await race(
      'conference variables',
      this.endpoint.set(MEMBER_VARIABLES),
      this.options.operationTimeoutMs,
      this.whenEnded,
    );
    const result = await race(
      `join ${conference}`,
      this.endpoint.join(conference, {
        profile: this.options.conferenceProfile,
        flags: { ...MEMBER_FLAGS, moderator: flags.moderator, mute: flags.muted },
      }),
      this.options.operationTimeoutMs,
      this.whenEnded,
    );
    return result.memberId;
  }

  async join(conference: string, flags: JoinFlags): Promise<void> {
    await this.joinConference(conference, flags);
  }

  hangup(): Promise<void> {
    if (!this.ended) this.finish('foyer');
    return Promise.resolve();
  }

  on<K extends keyof CallChannelEvents>(event: K, listener: CallChannelEvents[K]): () => void {
    return this.listeners.on(event, listener);
  }

  /** The FreeSWITCH the call is on, when known. */
  get mediaServer(): MediaServerLike | undefined {
    return this.server;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Ends the call once, releasing both legs whoever ended it. */
  private finish(by: 'caller' | 'media' | 'foyer'): void {
    if (this.ended) return;
    this.ended = true;
    this.resolveEnded();
    this.log.info({ event: 'call_released', by }, 'call released');
    if (by !== 'caller')
      void this.dialog
        .destroy()
        .catch((error: unknown) => this.log.warn({ err: error }, 'sending BYE to the caller failed'));
    if (by !== 'media')
      void this.endpoint
        .destroy()
        .catch((error: unknown) => this.log.warn({ err: error }, 'releasing the FreeSWITCH channel failed'));
    if (by === 'caller') this.listeners.emit('hangup');
    if (by === 'media') this.listeners.emit('failure', new Error('FreeSWITCH ended the call or went away'));
    this.listeners.clear();
    this.releases.forEach((release) => release());
  }

  /** Listens to a FreeSWITCH channel of the call; returns what stops listening. */
  private wire(endpoint: EndpointLike): () => void {
    const onDtmf = (event: DtmfEvent) => this.onKey(transportOfFreeswitchSource(event.source), event.dtmf);
    const onDestroy = () => this.finish('media');
    const onPlaybackStart = (event: { file?: string }) => this.onPlaybackStart(event.file);
    endpoint.on('dtmf', onDtmf);
    endpoint.on('destroy', onDestroy);
    endpoint.on('playback-start', onPlaybackStart);
    return () => {
      endpoint.off('dtmf', onDtmf);
      endpoint.off('destroy', onDestroy);
      endpoint.off('playback-start', onPlaybackStart);
    };
  }

  private onInfo(req: SipRequest, res: SipResponse): void {
    const key = keyFromInfo(req.get('Content-Type'), req.body);
    res.send(200);
    if (key === undefined) {
      this.log.warn(
        { event: 'info_ignored', contentType: req.get('Content-Type') ?? null, bytes: (req.body ?? '').length },
        'SIP INFO without a DTMF key; ignored',
      );
      return;
    }
    this.onKey('sip_info', key);
  }

  private onKey(transport: DtmfTransport, raw: string | undefined): void {
    const key = raw === undefined ? undefined : normaliseKey(raw);
    if (this.ended || key === undefined) return;
    if (this.arbiter.accept(transport, key) === undefined) return;
    this.options.metrics?.dtmfReceived(transport);
    this.listeners.emit('dtmf', key);
  }

  private onPlaybackStart(file: string | undefined): void {
    const prompt = this.playing.find((candidate) => file !== undefined && file.endsWith(candidate.file));
    if (prompt) this.listeners.emit('playing', prompt);
  }

  private fileFor(prompt: PromptRef): string {
    const base = this.options.promptBase.replace(/\/+$/, '');
    return /^https?:/.test(base) ? `${base}/${prompt.file}` : `${base}/${prompt.file}`;
  }
}
