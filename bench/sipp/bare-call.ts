import { createHash, timingSafeEqual } from 'node:crypto';

/** The shipped flows' settings (flows/virtual-reception.yaml, flows/pin-entry.yaml). */
const ANSWER_DELAY_MS = 2000;
const FIRST_DIGIT_TIMEOUT_MS = 10_000;
const INTER_DIGIT_TIMEOUT_MS = 5000;
const MAX_DIGITS = 20;
const MAX_ATTEMPTS = 3;

/** What the bare call uses of a drachtio-fsmrf Endpoint (see node_modules/drachtio-fsmrf/lib/endpoint.js). */
export interface BareEndpoint {
  playCollect(options: {
    file: string;
    min: number;
    max: number;
    timeout: number;
    digitTimeout: number;
    terminators: string;
  }): Promise<{ digits?: string }>;
  play(file: string): Promise<unknown>;
  join(conference: string, options: { profile: string; flags: Record<string, boolean> }): Promise<unknown>;
}

export interface BareRoom {
  readonly number: string;
  readonly hostPin: string;
  readonly guestPin?: string;
}

export interface BareCallOptions {
  readonly rooms: ReadonlyMap<string, BareRoom>;
  /** The folder FreeSWITCH finds the prompts in (one theme and language: `<prompts>/base/en-US`). */
  readonly prompts: string;
  readonly conferenceProfile: string;
  /** Waits (the answer delay); real timers in the app, none in tests. */
  readonly wait: (ms: number) => Promise<void>;
}

export type BareCallEnd =
  | { readonly joined: true; readonly room: string; readonly role: 'host' | 'guest' }
  | { readonly joined: false; readonly reason: string };

const digest = (text: string) => createHash('sha256').update(text).digest();
/** Constant-time: compares digests, whatever the lengths. */
const samePin = (entry: string, pin: string | undefined) =>
  pin !== undefined && timingSafeEqual(digest(entry), digest(pin));

/**
 * The call Foyer's shipped reception and PIN entry make, as a plain drachtio-fsmrf app would
 * write it: wait the answer delay, `playCollect` the room number (FreeSWITCH collects the keys,
 * barge-in and timeouts included), play "please hold", `playCollect` the PIN, join the room's
 * conference as host (moderator) or guest (muted). Three attempts each; the final prompts as
 * Foyer's. It throws when the caller hangs up (drachtio-fsmrf rejects the pending operation).
 */
export async function bareCall(endpoint: BareEndpoint, options: BareCallOptions): Promise<BareCallEnd> {
  const file = (id: string) => `${options.prompts}/${id}.wav`;
  const collect = async (prompt: string) =>
    (
      await endpoint.playCollect({
        file: prompt,
        min: 1,
        max: MAX_DIGITS,
        timeout: FIRST_DIGIT_TIMEOUT_MS,
        digitTimeout: INTER_DIGIT_TIMEOUT_MS,
        terminators: '#',
      })
    ).digits ?? '';
  await options.wait(ANSWER_DELAY_MS);

  let room: BareRoom | undefined;
  for (let attempt = 1; !room; attempt++) {
    const number = await collect(file(attempt === 1 ? 'reception.enter_number' : 'reception.invalid'));
    room = options.rooms.get(number);
    if (!room && attempt === MAX_ATTEMPTS) {
      await endpoint.play(file(number === '' ? 'reception.no_input' : 'reception.invalid_final'));
      return { joined: false, reason: number === '' ? 'number_no_input' : 'number_invalid' };
    }
  }
  await endpoint.play(file('reception.please_hold'));

  for (let attempt = 1; ; attempt++) {
    const left = MAX_ATTEMPTS - attempt + 1;
    const prompt =
      attempt === 1 ? file('pin.enter') : `file_string://${file('pin.invalid')}!${file(`pin.attempts_left--${left}`)}`;
    const pin = await collect(prompt);
    const role = samePin(pin, room.hostPin) ? 'host' : samePin(pin, room.guestPin) ? 'guest' : undefined;
    if (role) {
      await endpoint.join(`bare-${room.number}`, {
        profile: options.conferenceProfile,
        flags: { moderator: role === 'host', mute: role === 'guest', nomoh: true },
      });
      return { joined: true, room: room.number, role };
    }
    if (attempt === MAX_ATTEMPTS) {
      await endpoint.play(file(pin === '' ? 'pin.no_input' : 'pin.invalid_final'));
      return { joined: false, reason: pin === '' ? 'pin_no_input' : 'pin_invalid' };
    }
  }
}

/** `1001:1234:5678` (room number, host PIN, guest PIN if any) as a room. */
export function parseRoom(text: string): BareRoom {
  const [number, hostPin, guestPin] = text.split(':');
  if (!number || !hostPin || !/^\d+$/.test(number) || !/^\d+$/.test(hostPin) || (guestPin && !/^\d+$/.test(guestPin)))
    throw new Error(`--room ${text}: expected number:hostPin[:guestPin], digits only`);
  return guestPin ? { number, hostPin, guestPin } : { number, hostPin };
}
