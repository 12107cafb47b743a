import { randomBytes } from 'node:crypto';
import { MEMBER_FLAGS, MEMBER_VARIABLES } from './conference-member.js';
import { checkFreeswitch } from './freeswitch-checks.js';
import type { DtmfEvent, EndpointLike, MediaServerLike, MrfLike, SrfLike } from './library-types.js';
import { probePort } from './port-probe.js';
import { race } from './race.js';

/** One thing `foyer doctor` looked at. */
export interface Finding {
  readonly subject: 'drachtio-server' | 'FreeSWITCH' | 'test call';
  readonly status: 'ok' | 'warning' | 'fail';
  readonly message: string;
  /** What to change, when something is wrong. */
  readonly fix?: string;
}

export interface DoctorOptions {
  readonly drachtio: { readonly host: string; readonly port: number; readonly secret: string };
  readonly freeswitch: { readonly host: string; readonly port: number; readonly secret: string };
  /** Where FreeSWITCH reaches this process's outbound event socket (drachtio-fsmrf). */
  readonly listenAddress: string;
  readonly listenPort?: number;
  readonly conferenceProfile: string;
  /** FreeSWITCH's path (or URL) of one prompt: the test call plays it. */
  readonly promptFile: string;
  readonly srf: SrfLike;
  readonly mrf: MrfLike;
  /** Longest each step may take (default 10 s). */
  readonly timeoutMs?: number;
}

const NEVER = new Promise<never>(() => undefined);

/**
 * What an operator needs to know before the first caller: drachtio-server answers, FreeSWITCH
 * has what calls need (the same checks Foyer runs at connect), and one test call through
 * FreeSWITCH to itself works end to end: a prompt plays, an RFC 2833 key arrives, and a conference
 * member keeps FreeSWITCH's own keypad controls off (a `#`, which the stock controls take as hang
 * up, leaves the member in the conference).
 */
export async function runDoctor(options: DoctorOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const drachtioUp = await connectDrachtio(options, timeoutMs, findings);
  const server = await connectFreeswitch(options, timeoutMs, findings);
  try {
    if (server) {
      const problems = await race(
        'FreeSWITCH checks',
        checkFreeswitch((command) => server.api(command), options.conferenceProfile),
        timeoutMs,
        NEVER,
      );
      for (const problem of problems) {
        findings.push({
          subject: 'FreeSWITCH',
          status: problem.severity === 'fatal' ? 'fail' : 'warning',
          message: problem.message,
          fix: problem.fix,
        });
      }
      if (problems.length === 0)
        findings.push({ subject: 'FreeSWITCH', status: 'ok', message: 'modules, log level and conference profile' });
    }
    if (server && drachtioUp) findings.push(...(await testCall(server, options, timeoutMs)));
    else
      findings.push({
        subject: 'test call',
        status: 'fail',
        message: 'not placed: it needs both drachtio-server and FreeSWITCH',
      });
  } finally {
    server?.disconnect();
    // drachtio-srf throws from disconnect when it never connected.
    if (drachtioUp) options.srf.disconnect();
  }
  return findings;
}

async function connectDrachtio(options: DoctorOptions, timeoutMs: number, findings: Finding[]): Promise<boolean> {
  const { host, port, secret } = options.drachtio;
  const where = `${host}:${port}`;
  const refused = await probePort(host, port);
  if (refused) {
    findings.push({
      subject: 'drachtio-server',
      status: 'fail',
      message: `cannot reach its admin port at ${where}: ${refused}`,
      fix: 'start drachtio-server, or set FOYER_DRACHTIO (--drachtio, drachtio) to host:port:secret',
    });
    return false;
  }
  const connected = new Promise<void>((resolve, reject) => {
    options.srf.once('connect', (error: unknown) => (error ? reject(toError(error)) : resolve()));
    options.srf.once('error', (error: unknown) => reject(toError(error)));
  });
  options.srf.connect({ host, port, secret });
  try {
    await race('drachtio-server connect', connected, timeoutMs, NEVER);
  } catch (error) {
    findings.push({
      subject: 'drachtio-server',
      status: 'fail',
      message: `${where} did not accept the connection: ${toError(error).message}`,
      fix: 'check the secret in FOYER_DRACHTIO (--drachtio, drachtio) against drachtio.conf.xml',
    });
    return false;
  }
  findings.push({ subject: 'drachtio-server', status: 'ok', message: `connected at ${where}` });
  return true;
}

async function connectFreeswitch(
  options: DoctorOptions,
  timeoutMs: number,
  findings: Finding[],
): Promise<MediaServerLike | undefined> {
  const { host, port, secret } = options.freeswitch;
  const where = `${host}:${port}`;
  const refused = await probePort(host, port);
  if (refused) {
    findings.push({
      subject: 'FreeSWITCH',
      status: 'fail',
      message: `cannot reach its event socket at ${where}: ${refused}`,
      fix: 'start FreeSWITCH, or set FOYER_FREESWITCH (--freeswitch, freeswitch) to host:port:secret',
    });
    return undefined;
  }
  try {
    const server = await race(
      'FreeSWITCH connect',
      options.mrf.connect({
        address: host,
        port,
        secret,
        listenAddress: options.listenAddress,
        ...(options.listenPort !== undefined && { listenPort: options.listenPort }),
        profile: 'drachtio_mrf',
      }),
      timeoutMs,
      NEVER,
    );
    findings.push({ subject: 'FreeSWITCH', status: 'ok', message: `connected at ${where}` });
    return server;
  } catch (error) {
    findings.push({
      subject: 'FreeSWITCH',
      status: 'fail',
      message: `${where} did not accept the connection: ${toError(error).message}`,
      fix: 'check the password in FOYER_FREESWITCH against event_socket.conf.xml, and that a drachtio_mrf SIP profile runs',
    });
    return undefined;
  }
}

/** SDP for the first leg before it knows the second: PCMU and RFC 2833 at a port nobody uses. */
const PLACEHOLDER_OFFER = [
  'v=0',
  'o=foyer-doctor 1 1 IN IP4 127.0.0.1',
  's=foyer doctor',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=sendrecv',
  '',
].join('\r\n');

/**
 * Two FreeSWITCH channels whose media are joined to each other (each one's answer is the other's
 * offer): `member` joins a conference as a Foyer caller does; `caller` plays a prompt and sends keys.
 */
async function testCall(server: MediaServerLike, options: DoctorOptions, timeoutMs: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  const legs: EndpointLike[] = [];
  const conference = `foyer-doctor-${randomBytes(4).toString('hex')}`;
  const step = <T>(what: string, promise: Promise<T>) => race(what, promise, timeoutMs, NEVER);
  try {
    const member = await step('first test leg', server.createEndpoint({ remoteSdp: PLACEHOLDER_OFFER }));
    legs.push(member);
    const caller = await step('second test leg', server.createEndpoint({ remoteSdp: member.local.sdp }));
    legs.push(caller);
    await step('joining the test legs', member.modify(caller.local.sdp));

    try {
      await step('test prompt', caller.play(options.promptFile));
      findings.push({ subject: 'test call', status: 'ok', message: `prompt ${options.promptFile} played` });
    } catch (error) {
      findings.push({
        subject: 'test call',
        status: 'fail',
        message: `prompt ${options.promptFile} did not play: ${toError(error).message}`,
        fix: "set FOYER_PROMPT_BASE (prompt_base) to where FreeSWITCH finds Foyer's prompts/ folder",
      });
    }

    await step('conference variables', member.set(MEMBER_VARIABLES));
    await step(
      'conference join',
      member.join(conference, { profile: options.conferenceProfile, flags: { ...MEMBER_FLAGS } }),
    );
    const keys = collectKeys(member);
    await step('sending keys', caller.api('uuid_send_dtmf', `${caller.uuid} 5#`));
    const arrived = await keys.waitFor('#', timeoutMs);
    findings.push(
      arrived.includes('5')
        ? { subject: 'test call', status: 'ok', message: 'an RFC 2833 key arrived' }
        : {
            subject: 'test call',
            status: 'fail',
            message: `no RFC 2833 key arrived (got ${arrived.length > 0 ? arrived.join('') : 'none'})`,
            fix: "check the drachtio_mrf SIP profile's DTMF settings (rfc2833-pt, dtmf-type)",
          },
    );
    const list = await step('conference list', server.api(`conference ${conference} list`));
    findings.push(
      list.includes(member.uuid)
        ? { subject: 'test call', status: 'ok', message: "conference join with FreeSWITCH's keypad controls off" }
        : {
            subject: 'test call',
            status: 'fail',
            message: 'the member left the conference when it pressed # (FreeSWITCH keypad controls act on callers)',
            fix: 'conference_controls=none did not take: check mod_conference',
          },
    );
  } catch (error) {
    findings.push({ subject: 'test call', status: 'fail', message: toError(error).message });
  } finally {
    await Promise.allSettled(legs.map((leg) => leg.destroy()));
  }
  return findings;
}

/** Keys a leg receives, until `last` arrives or time runs out. */
function collectKeys(leg: EndpointLike): { waitFor(last: string, timeoutMs: number): Promise<string[]> } {
  const keys: string[] = [];
  let done: (() => void) | undefined;
  leg.on('dtmf', (event: DtmfEvent) => {
    keys.push(event.dtmf);
    done?.();
  });
  return {
    waitFor: (last, timeoutMs) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(keys), timeoutMs);
        done = () => {
          if (!keys.includes(last)) return;
          clearTimeout(timer);
          // Let FreeSWITCH act on the key (its stock controls hang up on #) before looking.
          setTimeout(() => resolve(keys), 500);
        };
        done();
      }),
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
