import type { PromptRef } from '../src/prompts/index.js';
import type { MediaHooks, SimulatedChannel } from '../src/simulator/index.js';
import type { TimerHandle } from '../src/time/index.js';
import type { LoadClock } from './load-clock.js';
import type { Pending, Probe } from './probe.js';
import type { CallScript, Entry } from './scenarios.js';

/** Prompts that ask the caller to key something: the caller answers each with its next entry. */
const ASKS = new Set([
  'reception.enter_number',
  'reception.invalid',
  'reception.number_not_found',
  'pin.enter',
  'pin.enter_or_guest',
  'pin.invalid',
]);

/**
 * A caller that listens: when a prompt asking for input starts, it thinks, then keys its next
 * entry (barging in when it is quick), and hangs up where its script says. Once admitted it stays
 * for its hold time, then hangs up. Each key it presses and each sequence of prompts it hears to
 * the end is an event for the probe, which times the command Foyer answers it with.
 */
export class LoadCaller implements Pending, MediaHooks {
  pendingFrom: number | undefined;
  pendingDelivered: number | undefined;
  private channel: SimulatedChannel | undefined;
  private typingTimer: TimerHandle | undefined;
  private hangupTimer: TimerHandle | undefined;
  private nextEntry = 0;
  private keysTyped = 0;
  private done = false;

  constructor(
    readonly script: CallScript,
    private readonly clock: LoadClock,
    private readonly probe: Probe,
  ) {}

  /** The simulated media server answered the call. */
  answered(channel: SimulatedChannel): void {
    this.channel = channel;
    const hangup = this.script.hangup;
    if (hangup?.after === 'answer') this.hangUpIn(hangup.delayMs);
  }

  /** Foyer sent the call a command: it answers whatever event is pending. */
  command(): void {
    this.probe.command(this);
  }

  /** A sequence of prompts played to its end: an event Foyer answers (the next prompt, a timer). */
  playedThrough(_channel: SimulatedChannel, dueMs: number): void {
    this.probe.delivered(this, this.clock.realTime(dueMs));
  }

  promptStarted(_channel: SimulatedChannel, prompt: PromptRef, index: number): void {
    const id = prompt.composed?.id ?? prompt.id;
    const hangup = this.script.hangup;
    if (hangup?.after === 'prompt' && hangup.prompt === id && index === 0) this.hangUpIn(hangup.delayMs);
    if (index !== 0 || !ASKS.has(id) || this.typingTimer !== undefined) return;
    const entry = this.script.entries[this.nextEntry];
    if (entry) {
      this.nextEntry++;
      this.type(entry, 0, entry.thinkMs);
    }
  }

  /** The IVR admitted the caller (to the conference or its lobby). */
  admitted(): void {
    this.hangUpIn(this.script.holdMs);
  }

  /** The call is over (either side): the caller stops whatever it was about to do. */
  ended(): void {
    this.done = true;
    if (this.typingTimer !== undefined) this.clock.clearTimeout(this.typingTimer);
    if (this.hangupTimer !== undefined) this.clock.clearTimeout(this.hangupTimer);
    this.typingTimer = this.hangupTimer = undefined;
  }

  private type(entry: Entry, index: number, delayMs: number): void {
    this.typingTimer = this.clock.after(delayMs, (due) => {
      this.typingTimer = undefined;
      if (this.done || !this.channel) return;
      this.probe.delivered(this, due);
      this.channel.press(entry.keys[index]!);
      this.keysTyped++;
      const hangup = this.script.hangup;
      if (hangup?.after === 'keys' && hangup.keys === this.keysTyped) {
        this.hangUpIn(hangup.delayMs);
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a key may end the call at once (ended() sets done)
      if (index + 1 < entry.keys.length && !this.done) this.type(entry, index + 1, entry.gapsMs[index]!);
    });
  }

  private hangUpIn(ms: number): void {
    if (this.done || this.hangupTimer !== undefined) return;
    this.hangupTimer = this.clock.after(ms, () => {
      this.hangupTimer = undefined;
      this.channel?.callerHangup();
    });
  }
}
