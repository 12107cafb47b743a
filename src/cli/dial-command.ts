import type { Command } from 'commander';
import { dial, type KeyTransport } from '../dialer/index.js';
import { parseSipAddress } from '../embedded/index.js';
import { UsageError } from './usage-error.js';

interface DialFlags {
  keys: string;
  to: string;
  record?: string;
  dtmf: string;
  tcp?: boolean;
  lateOffer?: boolean;
  wait: string;
  stay: string;
}

/** `foyer dial ALIAS --keys SCRIPT`: a small SIP caller that calls Foyer and says what happened. */
export function registerDial(program: Command, exit: { code: number }): void {
  program
    .command('dial')
    .description('call Foyer (embedded, or behind drachtio-server) with keys, and report what happened')
    .argument('<alias>', 'what to dial, for example 8000 (the reception) or 1001 (a room)')
    .option('--keys <script>', 'keys to press: 0-9 * # A-D 250 ms apart, "," a second of silence, "!" hang up', '')
    .option('--to <host:port>', "Foyer's SIP address", '127.0.0.1:5060')
    .option('--record <file>', 'write what the call heard to this WAV (8 kHz mono)')
    .option('--dtmf <how>', 'rfc4733 (default), info (SIP INFO) or inband (tones)', 'rfc4733')
    .option('--tcp', 'SIP over TCP instead of UDP')
    .option('--late-offer', 'INVITE without SDP (Foyer offers, the ACK answers)')
    .option('--wait <ms>', 'time between the answer and the first key', '3000')
    .option('--stay <ms>', 'time to stay on after the keys', '5000')
    .action(async (alias: string, flags: DialFlags) => {
      if (!['rfc4733', 'info', 'inband'].includes(flags.dtmf))
        throw new UsageError(`--dtmf: "${flags.dtmf}" must be rfc4733, info or inband`);
      const to = parseSipAddress(flags.to, '--to');
      const write = (line: string) => process.stdout.write(`${line}\n`);
      const result = await dial({
        alias,
        to,
        keys: flags.keys,
        keyTransport: flags.dtmf as KeyTransport,
        transport: flags.tcp ? 'tcp' : 'udp',
        lateOffer: flags.lateOffer ?? false,
        keysAfterMs: number(flags.wait, '--wait'),
        stayMs: number(flags.stay, '--stay'),
        ...(flags.record !== undefined && { record: flags.record }),
        onEvent: (atMs, text) => write(`${(atMs / 1000).toFixed(3).padStart(8)}s  ${text}`),
      });
      write(
        result.status >= 200 && result.status < 300
          ? `answered ${result.status}; heard ${(result.heardMs / 1000).toFixed(1)} s, of which ${(result.soundMs / 1000).toFixed(1)} s sound; ended by ${result.endedBy}; p99 packet jitter ${result.jitterP99Ms.toFixed(1)} ms${flags.record ? `; recording in ${flags.record}` : ''}`
          : `not answered: ${result.status} ${result.reason}`,
      );
      exit.code = result.status >= 200 && result.status < 300 ? 0 : 1;
    });
}

function number(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag}: "${text}" is not a number of milliseconds`);
  return value;
}
