import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { skipNotice } from '../helpers/skip-notice.js';

/**
 * `foyer simulate` at a real terminal: tmux gives the program a pseudo-terminal, types keys into
 * it and reads the screen back. The one test that runs in real time.
 */
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
if (!HAS_TMUX) skipNotice('interactive foyer simulate in a terminal', 'tmux is not installed (apt-get install tmux)');
const SOCKET = `foyer-test-${process.pid}`;
const BIN = join(PACKAGE_ROOT, 'bin', 'foyer.js');

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Starts `foyer ARGS` in a terminal; the shell then reports the exit code and the terminal's modes. */
function startFoyer(...args: string[]): void {
  const command = `node ${BIN} ${args.join(' ')}; echo "EXIT=$?"; stty -a | grep -o -- '-\\?icanon'; sleep 60`;
  tmux('new-session', '-d', '-s', 'call', '-x', '120', '-y', '40', '-c', PACKAGE_ROOT, command);
}

function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-t', 'call');
}

async function waitForScreen(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the screen never showed ${pattern}; it shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!HAS_TMUX)(
  'interactive foyer simulate in a terminal (skipped without tmux: apt-get install tmux)',
  () => {
    afterEach(() => {
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    });

    it('a caller keys room 1001 and its host PIN at the reception and joins as host, in real time', async () => {
      startFoyer('simulate', '--to', '8000');
      await waitForScreen(/virtual-reception: start/);
      expect(screen()).toContain('keypad  1 2 3 A   4 5 6 B   7 8 9 C   * 0 # D   q hangs up');
      tmux('send-keys', '-t', 'call', '-l', '1001#1234#');
      const text = await waitForScreen(/EXIT=\d+[\s\S]*icanon/);
      expect(text).toMatch(/end {5}joined \(admitted\) as host service "Alice's room" via "Reception"/);
      expect(text).toContain('prompt  reception.please_hold: "Please hold while I try to connect you."');
      // The room number shows; the PIN never does.
      expect([...text.matchAll(/ key {5}(\S)$/gm)].map((match) => match[1]).join('')).toBe('1001#xxxxx');
      expect(text).toContain('EXIT=0');
      // The terminal is back in its normal (canonical) mode.
      expect(text).not.toContain('-icanon');
    });

    it('q hangs up, and --speed runs the clock faster', async () => {
      startFoyer('simulate', '--to', '1002', '--speed', '10');
      await waitForScreen(/Calling 1002 \(10 times real time\)/);
      await waitForScreen(/prompt {2}pin\.enter:/);
      tmux('send-keys', '-t', 'call', '-l', 'q');
      const text = await waitForScreen(/EXIT=\d+[\s\S]*icanon/);
      expect(text).toMatch(/end {5}hangup \(caller_hangup\) service "Bob's room"/);
      expect(text).not.toContain('-icanon');
    });
  },
);
