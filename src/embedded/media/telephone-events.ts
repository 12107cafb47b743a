/** RFC 4733 event codes of the keypad: 0-9, then *, #, A-D. */
const KEYS = '0123456789*#ABCD';

/** The key of an event code, or undefined for events that are not keys (tones, flash). */
export function keyOfEvent(event: number): string | undefined {
  return KEYS[event];
}

export function eventOfKey(key: string): number {
  const event = KEYS.indexOf(key.toUpperCase());
  if (event < 0) throw new Error(`"${key}" is not a DTMF key (0-9, *, #, A-D)`);
  return event;
}

/**
 * Turns RFC 4733 packets into keys. One key press arrives as many packets with the same RTP
 * timestamp (and three end packets at its end); the key counts once, at its first packet, so
 * barge-in is as quick as the caller's press. A repeated key is a new timestamp.
 */
export class TelephoneEventReceiver {
  private lastTimestamp: number | undefined;

  /** The key of this packet if it starts a new press. */
  receive(timestamp: number, payload: Uint8Array): string | undefined {
    if (payload.length < 4) return undefined;
    if (timestamp === this.lastTimestamp) return undefined;
    this.lastTimestamp = timestamp;
    return keyOfEvent(payload[0] ?? 0xff);
  }
}

/** The payload of one telephone-event packet (RFC 4733 2.3): event, end bit, volume, duration in samples. */
export function eventPayload(event: number, end: boolean, durationSamples: number): Uint8Array {
  const payload = new Uint8Array(4);
  payload[0] = event;
  payload[1] = (end ? 0x80 : 0) | 10;
  payload[2] = (durationSamples >> 8) & 0xff;
  payload[3] = durationSamples & 0xff;
  return payload;
}
