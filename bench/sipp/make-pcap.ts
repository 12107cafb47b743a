import { writeFileSync } from 'node:fs';
import { dtmfPcap } from './dtmf-pcap.js';

/** `tsx bench/sipp/make-pcap.ts KEYS OUT.pcap`: RFC 4733 keys as one RTP stream, for SIPp's play_pcap_audio. */
const [keys, out] = process.argv.slice(2);
if (!keys || !out) {
  process.stderr.write(
    'usage: tsx bench/sipp/make-pcap.ts KEYS OUT.pcap   (KEYS: 0-9 * # A-D 250 ms apart, "," a second of silence)\n',
  );
  process.exit(2);
}
writeFileSync(out, dtmfPcap({ keys }));
process.stdout.write(`${out}: ${keys}\n`);
