import { isKeypadKey } from '../flows/index.js';

/** The keyboard side of a terminal, as much of process.stdin as reading keys needs. */
export interface KeyInput {
  readonly isTTY?: boolean;
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** What a key on the computer's keyboard means on the phone. */
export type KeyPress = { readonly dtmf: string } | { readonly hangup: true };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// Arrow and function keys arrive as escape sequences; their letters are not keypad keys.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ESCAPE_SEQUENCE = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/** 0-9 * # and A-D (either case) are DTMF keys; q, Ctrl-C and Ctrl-D hang up; anything else means nothing. */
export function keyActions(chunk: string): KeyPress[] {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- one code point per key typed; nothing here is a grapheme cluster that matters
  return [...chunk.replace(ESCAPE_SEQUENCE, '')].flatMap((char): KeyPress[] => {
    const key = char.toUpperCase();
    if (isKeypadKey(key)) return [{ dtmf: key }];
    if (char === 'q' || char === 'Q' || char === '\x03' || char === '\x04') return [{ hangup: true }];
    return [];
  });
}

/**
 * Reads single keys from a terminal in raw mode (no Enter needed, no echo) until stopped. The
 * terminal is put back however the program ends: stop(), process exit, or a signal.
 */
export class TerminalKeys {
  private running = false;
  private readonly onData = (chunk: string | Buffer) => {
    for (const action of keyActions(chunk.toString())) this.onKey(action);
  };
  private readonly onExit = () => this.stop();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stop();
    // Die of the signal as if this handler had not been there.
    process.kill(process.pid, signal);
  };

  constructor(
    private readonly input: KeyInput,
    private readonly onKey: (action: KeyPress) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.input.setRawMode(true);
    this.input.setEncoding('utf8');
    this.input.on('data', this.onData);
    this.input.resume();
    process.once('exit', this.onExit);
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
  }

  /** Puts the terminal back as it was. Safe to call more than once. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.input.off('data', this.onData);
    this.input.setRawMode(false);
    this.input.pause();
    process.off('exit', this.onExit);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
  }
}
