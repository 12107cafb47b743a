import type { PromptRef } from '../src/prompts/index.js';
import type { TimerHandle } from '../src/time/index.js';
import type { CallerSide, LoadChannel } from './load-channel.js';
import type { LoadClock } from './load-clock.js';
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
 * for its hold time, then hangs up.
 */
export class LoadCaller implements CallerSide {
  private channel: LoadChannel | undefined;
  private typingTimer: TimerHandle | undefined;
  private hangupTimer: TimerHandle | undefined;
  private nextEntry = 0;
  private keysTyped = 0;
  private done = false;

  constructor(
    readonly script: CallScript,
    private readonly clock: LoadClock,
  ) {}

  answered(channel: LoadChannel): void {
    this.channel = channel;
    const hangup = this.script.hangup;
    if (hangup?.after === 'answer') this.hangUpIn(hangup.delayMs);
  }

  promptStarted(prompt: PromptRef, index: number): void {
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

  gone(): void {
    this.done = true;
    if (this.typingTimer !== undefined) this.clock.clearTimeout(this.typingTimer);
    if (this.hangupTimer !== undefined) this.clock.clearTimeout(this.hangupTimer);
    this.typingTimer = this.hangupTimer = undefined;
  }

  private type(entry: Entry, index: number, delayMs: number): void {
    this.typingTimer = this.clock.after(delayMs, (due) => {
      this.typingTimer = undefined;
      if (this.done || !this.channel) return;
      this.channel.press(entry.keys[index]!, due);
      this.keysTyped++;
      const hangup = this.script.hangup;
      if (hangup?.after === 'keys' && hangup.keys === this.keysTyped) return this.hangUpIn(hangup.delayMs);
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
