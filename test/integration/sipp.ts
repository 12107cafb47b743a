import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFile } from '../helpers/files.js';

/** Whether SIPp (Debian's sip-tester) is installed. */
export function haveSipp(): boolean {
  return spawnSync('sipp', ['-v'], { encoding: 'utf8' }).error === undefined;
}

/**
 * Runs one SIPp call from `scenario` (XML) against `target`; resolves with its exit code and output.
 * Asynchronous: Foyer runs in this process and must keep answering while SIPp calls it.
 */
export function runSipp(
  scenario: string,
  target: string,
  service: string,
  timeoutS = 40,
  extra: { files?: Record<string, Buffer>; args?: string[] } = {},
): Promise<{ code: number | null; output: string }> {
  const file = tempFile('scenario.xml', '');
  writeFileSync(file, scenario);
  const dir = file.replace(/\/[^/]*$/, '');
  for (const [name, data] of Object.entries(extra.files ?? {})) writeFileSync(join(dir, name), data);
  const args = [
    target,
    '-sf',
    file,
    '-s',
    service,
    '-m',
    '1',
    '-i',
    '127.0.0.1',
    '-p',
    '0',
    '-timeout',
    `${timeoutS}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    ...(extra.args ?? []),
  ];
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output: output.slice(-4000) }));
  });
}

export const AUDIO = (telephoneEvent: boolean) => `m=audio [media_port] RTP/AVP 0${telephoneEvent ? ' 101' : ''}
a=rtpmap:0 PCMU/8000
${telephoneEvent ? 'a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\n' : ''}a=sendrecv`;

export const SDP = (media: string) => `v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
${media}`;

export const INVITE = (body: string) => `
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      User-Agent: Foyer integration test
${body ? '      Content-Type: application/sdp\n' : ''}      Content-Length: [len]

${body}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>`;

export const ACK = (body = '') => `
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
${body ? '      Content-Type: application/sdp\n' : ''}      Content-Length: [len]

${body}
    ]]>
  </send>`;

export const BYE = `
  <send retrans="500">
    <![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 3 BYE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>`;

export const info = (key: string, cseq: number) => `
  <send retrans="500">
    <![CDATA[
      INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${cseq} INFO
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

Signal=${key === '#' ? '11' : key === '*' ? '10' : key}
Duration=160
    ]]>
  </send>
  <recv response="200"/>
  <pause milliseconds="250"/>`;

export const scenario = (name: string, steps: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="${name}">${steps}
</scenario>
`;

/** A caller who keys `keys` by SIP INFO (dtmf-relay) after `waitMs`, stays `holdMs`, then hangs up. */
export function infoDtmfScenario(keys: string, waitMs: number, holdMs: number): string {
  let cseq = 10;
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- keys are single ASCII characters
  const infos = [...keys].map((key) => info(key, cseq++)).join('');
  return scenario(
    'info-dtmf',
    `${INVITE(SDP(AUDIO(true)))}
  <recv response="200" rtd="true"/>${ACK()}
  <pause milliseconds="${waitMs}"/>${infos}
  <pause milliseconds="${holdMs}"/>${BYE}`,
  );
}

/** A late offer (INVITE without SDP): Foyer offers in the 200, the caller answers in the ACK. */
export function lateOfferScenario(holdMs: number): string {
  return scenario(
    'late-offer',
    `${INVITE('')}
  <recv response="200" rtd="true">
    <action><ereg regexp="m=audio [1-9]" search_in="body" check_it="true" assign_to="dummy"/></action>
  </recv>${ACK(SDP(AUDIO(true)))}
  <pause milliseconds="${holdMs}"/>${BYE}
  <Reference variables="dummy"/>`,
  );
}

/** A video endpoint: audio and video offered; the answer must reject the video with port 0. */
export function videoOfferScenario(holdMs: number): string {
  const media = `${AUDIO(true)}
m=video [media_port+2] RTP/AVP 96
a=rtpmap:96 H264/90000
a=sendrecv`;
  return scenario(
    'video-offer',
    `${INVITE(SDP(media))}
  <recv response="200" rtd="true">
    <action>
      <ereg regexp="m=audio [1-9]" search_in="body" check_it="true" assign_to="a"/>
      <ereg regexp="m=video 0 " search_in="body" check_it="true" assign_to="v"/>
    </action>
  </recv>${ACK()}
  <pause milliseconds="${holdMs}"/>${BYE}
  <Reference variables="a,v"/>`,
  );
}

/** An SRTP (SDES) caller: the answer must be RTP/SAVP with a crypto line. */
export function srtpOfferScenario(holdMs: number): string {
  const media = `m=audio [media_port] RTP/SAVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
a=sendrecv`;
  return scenario(
    'srtp-offer',
    `${INVITE(SDP(media))}
  <recv response="200" rtd="true">
    <action>
      <ereg regexp="m=audio [1-9][0-9]* RTP/SAVP" search_in="body" check_it="true" assign_to="a"/>
      <ereg regexp="a=crypto:1 AES_CM_128_HMAC_SHA1_80" search_in="body" check_it="true" assign_to="c"/>
    </action>
  </recv>${ACK()}
  <pause milliseconds="${holdMs}"/>${BYE}
  <Reference variables="a,c"/>`,
  );
}

/** A caller who hangs up `afterMs` after the answer (mid-prompt). */
export function hangupScenario(afterMs: number): string {
  return scenario(
    'hangup',
    `${INVITE(SDP(AUDIO(true)))}
  <recv response="200" rtd="true"/>${ACK()}
  <pause milliseconds="${afterMs}"/>${BYE}`,
  );
}

/**
 * An INVITE from `userAgent` that Foyer must refuse: with `reject`, a 403 with no body; with
 * `drop`, no final answer within `waitMs` (one then fails the call).
 */
export function refusedInviteScenario(userAgent: string, response: 'reject' | 'drop', waitMs = 4000): string {
  const invite = INVITE(SDP(AUDIO(true))).replace('User-Agent: Foyer integration test', `User-Agent: ${userAgent}`);
  if (response === 'reject') {
    return scenario(
      'refused',
      `${invite}
  <recv response="403">
    <action><ereg regexp="^ *0 *$" search_in="hdr" header="Content-Length:" check_it="true" assign_to="length"/></action>
  </recv>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <Reference variables="length"/>`,
    );
  }
  // drachtio-server says 100 Trying itself; any answer after it, during the pause, fails the call.
  return scenario(
    'dropped',
    `${invite.replace(/<recv response="1\d\d" optional="true"\/>/g, '')}
  <recv response="100"/>
  <pause milliseconds="${waitMs}"/>`,
  );
}

/** A caller who cancels while Foyer has not answered yet: CANCEL gets 200, the INVITE 487 (then ACK). */
export function cancelScenario(afterMs: number): string {
  return scenario(
    'cancel',
    `${INVITE(SDP(AUDIO(true))).replace(/<recv response="1\d\d" optional="true"\/>/g, '')}
  <recv response="100"/>
  <pause milliseconds="${afterMs}"/>
  <send>
    <![CDATA[
      CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 CANCEL
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200"/>
  <recv response="487"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>`,
  );
}

/** An offer with SRTP audio only, which a media server without SRTP must refuse with 488. */
export function srtpRefusedScenario(): string {
  const media = `m=audio [media_port] RTP/SAVP 0
a=rtpmap:0 PCMU/8000
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
a=sendrecv`;
  return scenario(
    'srtp-refused',
    `${INVITE(SDP(media))}
  <recv response="488"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>`,
  );
}

/** Foyer's request answered with `status` (`[last_*]`: the headers of the request just received). */
const reply = (status: string) => `
  <send>
    <![CDATA[
      SIP/2.0 ${status}
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Content-Length: 0
    ]]>
  </send>`;

/**
 * A caller whose phone accepts REFER: it checks Refer-To against `referTo` (a regular expression
 * for the header's value, XML-escaped) and that Referred-By is a SIP URI, answers 202, reports the
 * new call up (NOTIFY with message/sipfrag 200), and expects Foyer's BYE.
 */
export function referAcceptedScenario(referTo: string): string {
  return scenario(
    'refer accepted',
    `${INVITE(SDP(AUDIO(true)))}
  <recv response="200" rtd="true"/>${ACK()}
  <recv request="REFER" timeout="20000">
    <action>
      <ereg regexp="^ *${referTo} *$" search_in="hdr" header="Refer-To:" check_it="true" assign_to="referto"/>
      <ereg regexp="^ *&lt;sip:.*&gt; *$" search_in="hdr" header="Referred-By:" check_it="true" assign_to="referredby"/>
    </action>
  </recv>${reply('202 Accepted')}
  <send retrans="500">
    <![CDATA[
      NOTIFY sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 NOTIFY
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Event: refer
      Subscription-State: terminated;reason=noresource
      Content-Type: message/sipfrag
      Content-Length: [len]

SIP/2.0 200 OK
    ]]>
  </send>
  <recv response="200"/>
  <recv request="BYE" timeout="10000"/>${reply('200 OK')}
  <Reference variables="referto,referredby"/>`,
  );
}
