import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runInteractiveCall } from '../../src/cli/interactive-call.js';
import { KeypadScreen } from '../../src/cli/keypad-screen.js';
import { keyActions, type KeyInput } from '../../src/cli/terminal-keys.js';
import { silentLogger } from '../../src/observability/index.js';
import { scaledClock, SimulatedClock } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';

/** A terminal's keyboard that a test types into, remembering the modes it was put in. */
class FakeKeyboard extends EventEmitter implements KeyInput {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  paused = true;
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
  }
  setEncoding() {}
  resume() {
    this.paused = false;
  }
  pause() {
    this.paused = true;
  }
  type(text: string) {
    this.emit('data', text);
  }
}

class FakeTerminal {
  readonly isTTY = true;
  readonly columns = 100;
  text = '';
  write(chunk: string) {
    this.text += chunk;
  }
  /** The screen's lines, playing back the few control sequences the screen uses. */
  get lines(): string[] {
    const rows = [''];
    let row = 0;
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what is being read
    for (const token of this.text.split(/(\r|\n|\x1b\[1A|\x1b\[J)/)) {
      if (token === '\n') rows[++row] ??= '';
      else if (token === '\x1b[1A') row -= 1;
      else if (token === '\x1b[J') rows.splice(row, rows.length, '');
      else if (token !== '\r') rows[row] = (rows[row] ?? '') + token;
    }
    return rows;
  }
}

async function call(to: string, typing: (keyboard: FakeKeyboard, clock: SimulatedClock) => Promise<void>) {
  const clock = new SimulatedClock();
  const keyboard = new FakeKeyboard();
  const terminal = new FakeTerminal();
  let done = false;
  const ended = runInteractiveCall({
    bundle: testBundle(),
    to,
    logger: silentLogger,
    clock,
    input: keyboard,
    output: terminal,
  }).finally(() => (done = true));
  await typing(keyboard, clock);
  await clock.runWhile(() => !done);
  return { end: await ended, keyboard, terminal };
}

describe('interactive simulate (simulated time, fake terminal)', () => {
  it('keys typed on the keyboard reach the call: the caller joins, the PIN shows as x, the terminal is put back', async () => {
    const { end, keyboard, terminal } = await call('8000', async (keys, clock) => {
      await clock.advance(3000);
      keys.type('1001#1234#');
    });
    expect(end).toMatchObject({ outcome: 'joined', role: 'host', service: 'Host and guest', via: 'Reception' });
    expect(keyboard.rawModes).toEqual([true, false]);
    expect(keyboard.paused).toBe(true);
    expect(keyboard.listenerCount('data')).toBe(0);
    expect(terminal.text).toContain('state   virtual-reception: lookup   keys 1001#');
    expect(terminal.text).toContain('keys 1001#xxxxx');
    expect(terminal.text).not.toContain('1234');
    expect(terminal.text).toMatch(/prompt {2}reception\.enter_number: "Please enter the number/);
    expect(terminal.text.trimEnd()).toMatch(
      /end {5}joined \(admitted\) as host service "Host and guest" via "Reception"$/,
    );
  });

  it('q hangs up', async () => {
    const { end, keyboard } = await call('1002', async (keys, clock) => {
      await clock.advance(3000);
      keys.type('12q');
    });
    expect(end).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup', service: 'Host only' });
    expect(keyboard.rawModes).toEqual([true, false]);
  });

  it('a silent caller hears the prompts and times out as with --keys', async () => {
    const { end, terminal } = await call('1002', async () => {});
    expect(end).toMatchObject({ outcome: 'disconnected', reason: 'pin_no_input' });
    expect(terminal.text.match(/prompt {2}pin\.enter:/g)).toHaveLength(3);
  });
});

describe('keys from the computer keyboard', () => {
  it('0-9 * # A-D (either case) are DTMF; q, Ctrl-C and Ctrl-D hang up; arrow keys and others mean nothing', () => {
    expect(keyActions('12*#aD')).toEqual(['1', '2', '*', '#', 'A', 'D'].map((dtmf) => ({ dtmf })));
    expect(keyActions('q')).toEqual([{ hangup: true }]);
    expect(keyActions('\x03')).toEqual([{ hangup: true }]);
    expect(keyActions('\x04')).toEqual([{ hangup: true }]);
    expect(keyActions('\x1b[A\x1b[B\x1bOCxyz \r')).toEqual([]);
  });
});

describe('the keypad screen', () => {
  it('keeps a footer with the keypad, the state and the keys below the lines, and removes it at the end', () => {
    const terminal = new FakeTerminal();
    const screen = new KeypadScreen(terminal);
    screen.start('Calling 8000.');
    screen.event({ type: 'state', flow: 'virtual-reception', state: 'waiting' }, 2000);
    screen.event({ type: 'dtmf', digit: '1' }, 2500);
    screen.event({ type: 'dtmf', digit: 'x' }, 2750);
    expect(terminal.lines.slice(-2)).toEqual(screen.footerLines());
    expect(screen.footerLines()).toEqual([
      'keypad  1 2 3 A   4 5 6 B   7 8 9 C   * 0 # D   q hangs up',
      'state   virtual-reception: waiting   keys 1x',
    ]);
    screen.finish();
    expect(terminal.lines.filter((line) => line !== '')).toEqual([
      'Calling 8000.',
      '   2.000  state   virtual-reception: waiting',
      '   2.500  key     1',
      '   2.750  key     x',
    ]);
  });

  it('writes plain lines, with no footer, when the output is not a terminal', () => {
    const lines: string[] = [];
    const screen = new KeypadScreen({ write: (text: string) => lines.push(text) });
    screen.start('Calling 8000.');
    screen.event({ type: 'dtmf', digit: '1' }, 250);
    screen.finish();
    expect(lines.join('')).toBe('Calling 8000.\n   0.250  key     1\n');
  });
});

describe('a sped-up clock', () => {
  it('fires timeouts sooner and reports time as it would have passed', async () => {
    const base = new SimulatedClock();
    const fast = scaledClock(base, 10);
    let fired = -1;
    fast.setTimeout(() => (fired = fast.now()), 10_000);
    await base.advance(999);
    expect(fired).toBe(-1);
    await base.advance(1);
    expect(fired).toBe(10_000);
    expect(() => scaledClock(base, 0)).toThrow(/positive/);
  });
});

describe('simulate options for interactive mode', () => {
  it('--speed applies only to interactive mode, and must be a positive factor', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const withKeys = await runCli('simulate', '--to', '8000', '--keys', '1#', '--speed', '10');
    expect(withKeys.code).toBe(2);
    expect(withKeys.stderr).toContain('--speed applies to interactive mode only');
  });
});
