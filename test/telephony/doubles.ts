import { EventEmitter } from 'node:events';
import type { EndpointLike, SipDialog, SipRequest, SipResponse } from '../../src/telephony/index.js';

/** A drachtio-srf Dialog as it behaves: emits destroy on the caller's BYE, info/refer with (req, res). */
export class FakeDialog extends EventEmitter implements SipDialog {
  readonly id = 'dialog-1';
  readonly sip = { callId: 'call-1' };
  readonly local = { sdp: '' };
  readonly remote = { sdp: '' };
  destroyed = 0;

  async destroy(): Promise<void> {
    this.destroyed += 1;
  }

  async request(): Promise<unknown> {
    return undefined;
  }

  /** The caller sends a request inside the dialog; returns the status Foyer answered. */
  receive(event: 'info' | 'refer', contentType: string | undefined, body: string): number | undefined {
    let status: number | undefined;
    const req = Object.assign(new EventEmitter(), {
      method: event.toUpperCase(),
      uri: '',
      body,
      callId: 'call-1',
      source_address: '192.0.2.1',
      source_port: 5060,
      get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : undefined),
      has: (name: string) => name.toLowerCase() === 'content-type' && contentType !== undefined,
    }) as unknown as SipRequest;
    const res: SipResponse = { send: (code: number) => void (status = code) };
    this.emit(event, req, res);
    return status;
  }
}

/** A drachtio-fsmrf Endpoint as it behaves: play resolves when playback ends, dtmf payloads are strings. */
export class FakeEndpoint extends EventEmitter implements EndpointLike {
  readonly uuid = 'fs-uuid-1';
  readonly local = { sdp: 'v=0\r\n' };
  readonly conf: { memberId?: number; name?: string } = {};
  readonly played: string[][] = [];
  readonly apiCalls: string[] = [];
  readonly executed: string[] = [];
  destroyed = 0;
  /** Resolves the playback in progress. */
  finishPlayback: (() => void) | undefined;
  /** When set, play never settles (a FreeSWITCH that stopped answering). */
  hang = false;

  play(files: string | string[]): Promise<unknown> {
    this.played.push(Array.isArray(files) ? files : [files]);
    if (this.hang) return new Promise(() => undefined);
    return new Promise((resolve) => (this.finishPlayback = () => resolve({})));
  }

  async execute(app: string, arg?: string): Promise<unknown> {
    this.executed.push(arg ? `${app} ${arg}` : app);
    return {};
  }

  async api(command: string, args?: string): Promise<unknown> {
    this.apiCalls.push(args ? `${command} ${args}` : command);
    if (command === 'uuid_break') this.finishPlayback?.();
    return '+OK';
  }

  async join(): Promise<{ memberId: number; confUuid: string }> {
    return { memberId: 7, confUuid: 'conf-uuid' };
  }

  async modify(): Promise<unknown> {
    return {};
  }

  async destroy(): Promise<void> {
    this.destroyed += 1;
  }
}
