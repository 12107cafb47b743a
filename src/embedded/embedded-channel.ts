import { Listeners, type CallChannel, type CallChannelEvents, type JoinFlags } from '../calls/index.js';
import { processResources, type Logger, type Metrics, type Release, type Resources } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { DtmfArbiter, keyFromInfo, normaliseKey, type DtmfTransport } from '../telephony/dtmf.js';
import type { FrameClock } from './media/frame-clock.js';
import { decode, encode, silenceFrame } from './media/g711.js';
import { InbandDtmfDetector } from './media/inband-dtmf.js';
import type { PromptAudioCache } from './media/prompt-audio.js';
import { PromptPlayer } from './media/prompt-player.js';
import type { ReceivedRtp, RtpStream } from './media/rtp-stream.js';
import { answerFor, offerFrom, readAudio, type AudioParams } from './media/sdp-negotiation.js';
import type { SipMessage } from './sip/sip-message.js';
import { TelephoneEventReceiver } from './media/telephone-events.js';
import type { ServerTransaction } from './sip/server-transaction.js';
import type { UasDialog } from './uas-dialog.js';

export interface EmbeddedChannelOptions {
  readonly logger: Logger;
  readonly frames: FrameClock;
  readonly prompts: PromptAudioCache;
  readonly resources?: Resources;
  readonly metrics?: Metrics;
  /** Puts a call into a conference by name (the embedded bridge's rooms). */
  readonly join?: (channel: EmbeddedChannel, conference: string, flags: JoinFlags) => Promise<void>;
}

/** What a conference sends this call instead of the IVR's prompts: one PCM frame per beat. */
export type MixSource = (frame: number) => Int16Array;

/**
 * A caller's call on the embedded endpoint: the SIP dialog and the call's RTP stream. Prompts go
 * out as G.711 on the shared 20 ms beat (silence between them, as a media server sends);
 * keys come by RFC 4733, SIP INFO or (without telephone-event) tones in the audio, one
 * transport per call. The caller's BYE, Foyer's hangup or a 2xx never acknowledged end the
 * call exactly once, releasing the socket, the beat and the counters.
 */
export class EmbeddedChannel implements CallChannel {
  private readonly listeners = new Listeners<CallChannelEvents>();
  private readonly arbiter = new DtmfArbiter();
  private readonly events = new TelephoneEventReceiver();
  private inband: InbandDtmfDetector | undefined;
  private readonly audioListeners = new Set<(pcm: Int16Array) => void>();
  private readonly log: Logger;
  private player: PromptPlayer | undefined;
  private mix: MixSource | undefined;
  private media: AudioParams | undefined;
  private ended = false;
  private resolveEnded!: () => void;
  /** Settles when the call is over, whoever ended it; every pending operation races it. */
  readonly whenEnded = new Promise<void>((resolve) => (this.resolveEnded = resolve));
  private readonly releases: Release[];
  private readonly offBeat: () => void;
  /** The INVITE (first or re-INVITE) whose 2xx awaits its ACK, and whether the ACK must carry the answer. */
  private pendingInvite: ServerTransaction | undefined;
  private answerInAck = false;
  private sdpVersion = 1;
  private lastFrame: number | undefined;

  constructor(
    readonly callId: string,
    readonly dialog: UasDialog,
    readonly rtp: RtpStream,
    media: AudioParams | undefined,
    invite: ServerTransaction,
    private readonly options: EmbeddedChannelOptions,
  ) {
    this.watchAnswer(invite, media === undefined);
    this.log = options.logger.child({ callId, rtpPort: rtp.local.port });
    const resources = options.resources ?? processResources;
    this.releases = [resources.acquire('channels', callId), resources.acquire('endpoints', callId)];
    dialog.handlers = {
      bye: () => this.finish('caller'),
      request: (transaction) => this.onRequest(transaction),
      ack: (ack) => this.onAck(ack),
    };
    rtp.onPacket((packet) => this.onRtp(packet));
    if (media) this.setMedia(media);
    this.offBeat = options.frames.subscribe((frame) => this.onFrame(frame));
  }

  /** The audio agreed with the caller (the answer, a late offer's ACK, a re-INVITE). */
  setMedia(media: AudioParams): void {
    this.media = media;
    this.rtp.setRemote({ address: media.address, port: media.port });
    const before = this.inband;
    this.inband = media.telephoneEvent === undefined ? (before ?? new InbandDtmfDetector()) : undefined;
    if (this.inband && !before)
      this.log.info({ event: 'inband_dtmf' }, 'caller has no telephone-event; inband DTMF detection on');
  }

  get audio(): AudioParams | undefined {
    return this.media;
  }

  async play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (this.ended || signal.aborted || prompts.length === 0) return;
    const loading = Promise.all(
      prompts.map(async (prompt) => ({ prompt, audio: await this.options.prompts.load(prompt) })),
    );
    const items = await Promise.race([loading, this.whenEnded.then(() => undefined)]);
    // Both can change while the prompts load.
    if (!items || this.isEnded || isAborted(signal)) return;
    this.player?.stop();
    await new Promise<void>((resolve) => {
      const player = new PromptPlayer(
        items,
        (prompt) => this.listeners.emit('playing', prompt),
        () => {
          if (this.player === player) this.player = undefined;
          signal.removeEventListener('abort', stop);
          resolve();
        },
      );
      const stop = () => player.stop();
      signal.addEventListener('abort', stop, { once: true });
      this.player = player;
      void this.whenEnded.then(stop);
    });
  }

  stop(): Promise<void> {
    this.player?.stop();
    return Promise.resolve();
  }

  async join(conference: string, flags: JoinFlags): Promise<void> {
    if (!this.options.join) throw new Error('this embedded call has no conference bridge to join');
    await this.options.join(this, conference, flags);
  }

  hangup(): Promise<void> {
    this.finish('foyer');
    return Promise.resolve();
  }

  on<K extends keyof CallChannelEvents>(event: K, listener: CallChannelEvents[K]): () => void {
    return this.listeners.on(event, listener);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A conference's mix replaces silence (prompts played to the call are mixed on top). */
  attachMix(source: MixSource): () => void {
    this.mix = source;
    return () => {
      if (this.mix === source) this.mix = undefined;
    };
  }

  /** The caller's audio, decoded, frame by frame (for a conference). */
  onAudio(listener: (pcm: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /** The 2xx was never acknowledged: the call cannot go on. */
  failed(error: Error): void {
    this.finish('media', error);
  }

  private onFrame(frame: number): void {
    // After a stall the beat skips frames: prompts skip them too, so they end on time.
    if (this.lastFrame !== undefined && frame > this.lastFrame + 1) this.player?.skip(frame - this.lastFrame - 1);
    this.lastFrame = frame;
    const media = this.media;
    if (!media || this.ended || media.direction === 'inactive' || media.direction === 'sendonly') {
      // Nothing to send (no answer yet, or the caller holds) but the prompt still moves on.
      if (this.player) this.player.nextPcm();
      return;
    }
    let payload: Uint8Array;
    if (this.mix) {
      const mixed = this.mix(frame);
      const prompt = this.player?.nextPcm();
      payload = encode(media.codec, prompt ? addInto(mixed, prompt) : mixed);
    } else payload = this.player?.nextEncoded(media.codec) ?? silenceFrame(media.codec);
    this.rtp.sendAudio(media.payloadType, payload);
  }

  private onRtp(packet: ReceivedRtp): void {
    const media = this.media;
    if (this.ended || !media) return;
    if (packet.payloadType === media.telephoneEvent) {
      const key = this.events.receive(packet.timestamp, packet.payload);
      if (key !== undefined) this.onKey('rfc4733', key);
      return;
    }
    if (packet.payloadType !== media.payloadType) return;
    if (!this.inband && this.audioListeners.size === 0) return;
    const pcm = decode(media.codec, packet.payload);
    if (this.inband) {
      const key = this.inband.receive(pcm);
      if (key !== undefined) this.onKey('inband', key);
    }
    for (const listener of this.audioListeners) listener(pcm);
  }

  private onRequest(transaction: ServerTransaction): void {
    const request = transaction.request;
    switch (request.method) {
      case 'INFO': {
        const key = keyFromInfo(request.get('content-type'), request.body);
        transaction.respond(200);
        if (key === undefined)
          this.log.warn(
            { event: 'info_ignored', contentType: request.get('content-type') ?? null, bytes: request.body.length },
            'SIP INFO without a DTMF key; ignored',
          );
        else this.onKey('sip_info', key);
        return;
      }
      case 'INVITE':
        this.onReinvite(transaction);
        return;
      case 'REFER':
        this.log.warn({ event: 'refer_refused' }, 'caller sent REFER; refused (no transfers out of Foyer)');
        transaction.respond(403);
        return;
      case 'OPTIONS':
        transaction.respond(200, { headers: [['Allow', ALLOW]] });
        return;
      default:
        transaction.respond(405, { headers: [['Allow', ALLOW]] });
    }
  }

  /** Watches a 2xx: its ACK ends the resending (and may carry the answer); no ACK in 64*T1 ends the call. */
  private watchAnswer(invite: ServerTransaction, answerInAck: boolean): void {
    this.pendingInvite = invite;
    this.answerInAck = answerInAck;
    invite.onAckTimeout = () => {
      if (this.pendingInvite !== invite) return;
      this.log.warn({ event: 'ack_timeout' }, 'the caller never acknowledged the answer; ending the call');
      this.failed(new Error('the caller never acknowledged the 200 OK (no ACK within 32 s)'));
    };
  }

  private onAck(ack: SipMessage): void {
    const invite = this.pendingInvite;
    if (!invite) return;
    this.pendingInvite = undefined;
    invite.ack();
    if (!this.answerInAck) return;
    this.answerInAck = false;
    try {
      this.setMedia(readAudio(ack.body).params);
    } catch (error) {
      this.log.warn(
        { event: 'late_offer_no_answer', detail: (error as Error).message },
        "ACK without a usable answer to Foyer's offer; ending the call",
      );
      this.finish('foyer');
    }
  }

  /** A re-INVITE (hold, resume, a new address): answered from the same RTP port. */
  private onReinvite(transaction: ServerTransaction): void {
    const local = this.rtp.local;
    const headers: [string, string][] = [
      ['Contact', this.dialog.contactHeader],
      ['Allow', ALLOW],
      ['Content-Type', 'application/sdp'],
    ];
    const body = transaction.request.body;
    if (body.trim() === '') {
      transaction.respond(200, { headers, body: offerFrom(local, ++this.sdpVersion) });
      this.watchAnswer(transaction, true);
      return;
    }
    try {
      const { sdp, params } = answerFor(body, local, ++this.sdpVersion);
      transaction.respond(200, { headers, body: sdp });
      this.watchAnswer(transaction, false);
      this.setMedia(params);
      this.log.info({ event: 'reinvite', direction: params.direction }, `re-INVITE: ${params.direction}`);
    } catch (error) {
      this.log.warn({ event: 'reinvite_refused', detail: (error as Error).message }, 're-INVITE refused');
      transaction.respond(488);
    }
  }

  private onKey(transport: DtmfTransport, raw: string): void {
    const key = normaliseKey(raw);
    if (this.ended || key === undefined) return;
    if (this.arbiter.accept(transport, key) === undefined) return;
    this.options.metrics?.dtmfReceived(transport);
    this.listeners.emit('dtmf', key);
  }

  private finish(by: 'caller' | 'media' | 'foyer', error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.player?.stop();
    this.offBeat();
    this.rtp.close();
    this.resolveEnded();
    this.log.info({ event: 'call_released', by }, 'call released');
    if (by !== 'caller')
      void this.dialog.bye().catch((failure: unknown) => this.log.warn({ err: failure }, 'BYE failed'));
    if (by === 'caller') this.listeners.emit('hangup');
    if (by === 'media') this.listeners.emit('failure', error ?? new Error('the call failed'));
    this.listeners.clear();
    this.audioListeners.clear();
    this.releases.forEach((release) => release());
  }
}

/** The methods a call's dialog takes. */
export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO';

/** `into + add`, clipped to 16 bits, in a new frame. */
function addInto(into: Int16Array, add: Int16Array): Int16Array {
  const out = new Int16Array(into.length);
  for (let index = 0; index < into.length; index++)
    out[index] = Math.max(-32768, Math.min(32767, (into[index] ?? 0) + (add[index] ?? 0)));
  return out;
}

/** Whether `signal` is aborted now (read through a call: TypeScript keeps an earlier check's answer across an await). */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
