import type { CallEvent } from '../calls/index.js';
import { formatEvent } from './simulate-output.js';

/** Where the screen writes: a terminal (with a footer redrawn in place) or anything else (plain lines). */
export interface ScreenOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export const KEYPAD_LINE = 'keypad  1 2 3 A   4 5 6 B   7 8 9 C   * 0 # D   q hangs up';

const CLEAR_FOOTER = '\r\x1b[1A\x1b[J';

/**
 * What a person sees during an interactive call: the call's events as lines (the same lines as
 * `foyer simulate --keys`: prompts with their text as they start, states, keys, the end), and
 * below them a footer with the keypad and the current state and keys pressed. Keys are shown as
 * the call reports them: digits that may belong to a PIN as `x`.
 */
export class KeypadScreen {
  private state = '';
  private keys = '';
  private footer = false;

  constructor(private readonly out: ScreenOutput) {}

  /** Writes `lines` (a heading) and shows the footer. */
  start(...lines: string[]): void {
    for (const line of lines) this.out.write(`${line}\n`);
    this.drawFooter();
  }

  /** One event of the call, `atMs` after it started. */
  event(event: CallEvent, atMs: number): void {
    if (event.type === 'state') this.state = `${event.flow}: ${event.state}`;
    if (event.type === 'dtmf') this.keys += event.digit;
    const line = formatEvent(event, atMs, false);
    if (line === undefined) return;
    this.clearFooter();
    this.out.write(`${line}\n`);
    if (event.type !== 'end') this.drawFooter();
  }

  /** Takes the footer away, leaving the lines. */
  finish(): void {
    this.clearFooter();
  }

  /** The footer's two lines, as they are now. */
  footerLines(): [string, string] {
    return [KEYPAD_LINE, `state   ${this.state || '(answering)'}   keys ${this.keys || '-'}`];
  }

  private drawFooter(): void {
    if (!this.out.isTTY || this.footer) return;
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const [keypad, status] = this.footerLines().map((line) => line.slice(0, width));
    this.out.write(`${keypad}\n${status}`);
    this.footer = true;
  }

  private clearFooter(): void {
    if (!this.footer) return;
    this.out.write(CLEAR_FOOTER);
    this.footer = false;
  }
}
