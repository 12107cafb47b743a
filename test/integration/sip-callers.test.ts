import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtmfPcap } from '../../bench/sipp/dtmf-pcap.js';
import { Call, dial, type Voice } from '../../src/dialer/index.js';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import { parseSipAddress } from '../../src/embedded/index.js';
import { announceSkip, backends, eventually, sleep, startTestFoyer, type TestFoyer } from './harness.js';
import { cancelScenario, haveSipp, runSipp, srtpRefusedScenario } from './sipp.js';

announceSkip('SIP CALLER TESTS');

const SCENARIO = readFileSync(join(import.meta.dirname, '../../bench/sipp/reception-pin.xml'), 'utf8');

/** A steady 440 Hz tone: a caller who talks without pause. */
const tone: Voice = (frame) =>
  Int16Array.from({ length: 160 }, (_, index) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * (frame * 160 + index)) / 8000)),
  );

describe.each(backends)('SIP callers hear and are heard (%s)', (backend) => {
  let it_: TestFoyer;
  let to: { host: string; port: number };

  beforeAll(async () => {
    it_ = await startTestFoyer(backend, {
      meetingSettings: { ...DEFAULT_MEETING_SETTINGS, announceCount: false, tones: false },
      // Room 1003 answers only after a while, as behind a slow policy server: callers can cancel while it rings.
      bundle: (bundle) => ({
        ...bundle,
        directory: {
          services: () => bundle.directory.services(),
          lookup: async (dialled, signal) =>
            /^sip:1003@/.test(dialled)
              ? sleep(3000).then(() => bundle.directory.lookup(dialled, signal))
              : bundle.directory.lookup(dialled, signal),
        },
      }),
    });
    to = parseSipAddress(it_.sip, 'sip');
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
  });

  const noCalls = async () => {
    await eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);
    await eventually('Foyer to hold nothing', () => Object.keys(it_.resources.holders()).length === 0);
  };

  it('a caller hears the reception prompt: seconds of sound, decoded from the RTP it received', async () => {
    const report = await dial({ alias: '8000', to, keys: '', keysAfterMs: 7000, stayMs: 0 });
    expect(report.status).toBe(200);
    // RTP flows from the answer on (silence, then prompts), even on a loaded machine.
    expect(report.heardMs).toBeGreaterThan(4000);
    // "Please enter the number you wish to connect to, followed by the pound key." is about 4 s.
    expect(report.soundMs, JSON.stringify(report)).toBeGreaterThanOrEqual(2000);
    await noCalls();
  }, 30_000);

  it('reception, room, PIN over TCP with SIP INFO keys: the caller ends up in the room', async () => {
    const report = await dial({
      alias: '8000',
      to,
      transport: 'tcp',
      keyTransport: 'info',
      keys: '1001#,,,,1234#',
      stayMs: 2000,
    });
    expect(report.status).toBe(200);
    expect(report.endedBy).toBe('caller');
    await eventually('the host admitted', () =>
      it_.usage.records.some(
        (record) => record.type === 'call_ended' && record.via === 'Reception' && record.role === 'host',
      ),
    );
    await noCalls();
  }, 40_000);

  it('two callers in one conference hear each other; silence when the other stops talking', async () => {
    const [a, b] = await Promise.all([Call.place({ alias: '1002', to }), Call.place({ alias: '1002', to })]);
    await Promise.all([a.pause(2500), b.pause(2500)]);
    await Promise.all([a.keys('1234#'), b.keys('1234#')]);
    await eventually(
      'both in the conference',
      async () => (await it_.conferenceMembers('foyer-host-only-')).length === 2,
    );
    await sleep(1500);
    a.speak(tone);
    const start = b.recording.heardMs;
    await sleep(1500);
    const heard = b.recording.energyAfter(start + 300);
    a.speak(undefined);
    b.speak(tone);
    const quiet = b.recording.heardMs;
    const startA = a.recording.heardMs;
    await sleep(1500);
    expect(heard).toBeGreaterThan(2000);
    expect(b.recording.energyAfter(quiet + 300)).toBeLessThan(300);
    expect(a.recording.energyAfter(startA + 300)).toBeGreaterThan(2000);
    await Promise.all([a.hangup(), b.hangup()]);
    await noCalls();
  }, 40_000);

  it('auditorium: a muted guest is not heard until the host unmutes guests (*5)', async () => {
    const host = await Call.place({ alias: '2000', to });
    await host.pause(2500);
    await host.keys('2468#');
    await eventually('the host in the hall', async () => (await it_.conferenceMembers('foyer-hall-')).length === 1);
    const guest = await Call.place({ alias: '2000', to });
    await guest.pause(2500);
    await guest.keys('1357#');
    await eventually('the guest in the hall', async () => (await it_.conferenceMembers('foyer-hall-')).length === 2);
    await sleep(1500);
    guest.speak(tone);
    const muted = host.recording.heardMs;
    await sleep(1500);
    expect(host.recording.energyAfter(muted + 300)).toBeLessThan(300);
    await host.keys('*5');
    await eventually('the guest unmuted', async () =>
      (await it_.conferenceMembers('foyer-hall-')).every((member) => member.flags.includes('speak')),
    );
    const unmuted = host.recording.heardMs;
    await sleep(1500);
    expect(host.recording.energyAfter(unmuted + 300)).toBeGreaterThan(2000);
    await Promise.all([guest.hangup(), host.hangup()]);
    await noCalls();
  }, 60_000);

  it('50 callers at once all hear the reception and hang up cleanly', async () => {
    const reports = await Promise.all(
      Array.from({ length: 50 }, () => dial({ alias: '8000', to, keys: '', keysAfterMs: 6000, stayMs: 0 })),
    );
    expect(reports.map((report) => report.status)).toEqual(Array(50).fill(200));
    expect(Math.min(...reports.map((report) => report.soundMs))).toBeGreaterThanOrEqual(2000);
    await noCalls();
  }, 90_000);

  describe.skipIf(!haveSipp())('with SIPp callers (Debian sip-tester)', () => {
    it('RFC 4733 keys from a generated pcap: reception, room number, PIN, in the room as host', async () => {
      const run = await runSipp(SCENARIO, it_.sip, '8000', 40, {
        files: { 'reception-pin.pcap': dtmfPcap({ keys: '1001#,,,,1234#' }) },
        args: ['-d', '12000'],
      });
      expect(run.code, run.output).toBe(0);
      await noCalls();
      expect(
        it_.usage.records.some(
          (record) => record.type === 'call_ended' && record.service === 'Host and guest' && record.role === 'host',
        ),
      ).toBe(true);
    }, 60_000);

    it('CANCEL while the call rings: 200 to the CANCEL, 487 to the INVITE, nothing left', async () => {
      const run = await runSipp(cancelScenario(800), it_.sip, '1003', 20);
      expect(run.code, run.output).toBe(0);
      await eventually('the call to end as the caller hanging up', () =>
        it_.usage.records.some(
          (record) =>
            record.type === 'call_ended' && record.service === 'Guests by hash' && record.outcome === 'hangup',
        ),
      );
      await noCalls();
    }, 30_000);

    it.skipIf(backend !== 'embedded')(
      'an SRTP-only offer gets 488 (the embedded endpoint has plain RTP only)',
      async () => {
        const run = await runSipp(srtpRefusedScenario(), it_.sip, '1000', 20);
        expect(run.code, run.output).toBe(0);
      },
      30_000,
    );
  });
});
