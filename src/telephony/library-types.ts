/**
 * The parts of drachtio-srf and drachtio-fsmrf that Foyer uses, typed as the libraries really
 * behave (drachtio-srf's bundled typings are wrong in places; drachtio-fsmrf ships none). Only
 * the wrappers in this folder touch the libraries; everything else sees CallChannel.
 */
import type { EventEmitter } from 'node:events';

export interface SipRequest extends EventEmitter {
  readonly method: string;
  readonly uri: string;
  /** Undefined when the message has no blank line before a body (drachtio-srf's parser). */
  readonly body: string | undefined;
  readonly callId: string;
  readonly source_address: string;
  readonly source_port: number;
  get(header: string): string | undefined;
  has(header: string): boolean;
}

export interface SipResponse {
  send(status: number, reason?: string | SendOptions, options?: SendOptions): void;
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A SIP dialog. Emits `destroy` on the far end's BYE, `info`/`refer`/`modify` with (req, res), `ack` with (req). */
export interface SipDialog extends EventEmitter {
  readonly id: string;
  readonly sip: { readonly callId: string };
  /** `uri`: Foyer's own URI in the dialog (drachtio-srf sets it). */
  readonly local: { sdp: string; readonly uri?: string };
  readonly remote: { sdp: string };
  destroy(options?: { headers?: Record<string, string> }): Promise<void>;
  request(options: { method: string; headers?: Record<string, string>; body?: string }): Promise<unknown>;
  /**
   * Re-INVITEs the far end with `sdp` (set as `local.sdp` before sending, even when refused) and
   * resolves with its answer (also `remote.sdp`); rejects with the status of a refusal. drachtio-srf
   * 5.0.29 sends one re-INVITE at a time, and after a refusal later ones wait forever: race them.
   */
  modify(sdp: string): Promise<string>;
}

export type RequestHandler = (req: SipRequest, res: SipResponse) => void;

/** drachtio-srf's Srf, as used: connect with events, per-method handlers, UAS dialogs. */
export interface SrfLike extends EventEmitter {
  connect(options: { host: string; port: number; secret: string; reconnect?: { retryMaxDelay?: number } }): void;
  disconnect(): void;
  invite(handler: RequestHandler): void;
  options(handler: RequestHandler): void;
  register(handler: RequestHandler): void;
  refer(handler: RequestHandler): void;
  createUAS(
    req: SipRequest,
    res: SipResponse,
    options: { localSdp: string; headers?: Record<string, string> },
  ): Promise<SipDialog>;
}

/** The payload of a drachtio-fsmrf Endpoint `dtmf` event (strings, as FreeSWITCH sends them). */
export interface DtmfEvent {
  /** FreeSWITCH's DTMF-Digit header: absent from a malformed event. */
  readonly dtmf: string | undefined;
  readonly duration?: string;
  readonly source?: string;
}

/** A drachtio-fsmrf Endpoint: one FreeSWITCH channel. Emits `dtmf`, `destroy`, `playback-start`, `playback-stop`. */
export interface EndpointLike extends EventEmitter {
  readonly uuid: string;
  readonly local: { readonly sdp: string };
  readonly conf: { memberId?: number; name?: string };
  play(files: string | string[]): Promise<unknown>;
  execute(app: string, arg?: string): Promise<unknown>;
  api(command: string, args?: string): Promise<unknown>;
  /** Sets channel variables (one `multiset` for several). */
  set(variables: Readonly<Record<string, string>>): Promise<unknown>;
  join(
    conference: string,
    options: { profile?: string; flags?: Record<string, boolean> },
  ): Promise<{ memberId: number; confUuid: string }>;
  modify(sdp: string): Promise<unknown>;
  destroy(): Promise<void>;
}

/** A drachtio-fsmrf MediaServer: one FreeSWITCH. Emits `end` when the event socket drops, `error`. */
export interface MediaServerLike extends EventEmitter {
  readonly address: string;
  readonly currentSessions: number;
  readonly maxSessions: number;
  createEndpoint(options: { remoteSdp?: string; headers?: Record<string, string> }): Promise<EndpointLike>;
  /** Answers `req` with FreeSWITCH's own answer to its offer (the path SRTP offers must take). */
  connectCaller(
    req: SipRequest,
    res: SipResponse,
    options?: Record<string, unknown>,
  ): Promise<{ endpoint: EndpointLike; dialog: SipDialog }>;
  api(command: string): Promise<string>;
  disconnect(): void;
}

export interface MrfLike {
  connect(options: {
    address: string;
    port: number;
    secret: string;
    listenAddress: string;
    listenPort?: number;
    profile?: string;
  }): Promise<MediaServerLike>;
}
