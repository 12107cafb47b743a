import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/files.js';
import { testBundle } from '../helpers/bundle.js';
import { announceSkip, backends, eventually, startTestFoyer, type TestFoyer } from './harness.js';
import { haveSipp, runSipp } from './sipp.js';

announceSkip('TRANSFER TESTS');

/** One room hosted elsewhere, reached by REFER (what the FreeSWITCH back-end does today). */
const SERVICES = `services:
  - name: Town hall
    type: auditorium
    aliases: ["2003"]
    target:
      uri: "sip:town-hall@partner.example.com"
      method: refer
      headers: { X-Foyer-Role: "{role}" }
      ring_timeout: 20s
`;

/**
 * A caller whose phone accepts REFER: it checks Refer-To (the target with the role as a URI
 * header) and Referred-By, answers 202, reports the new call up (NOTIFY with sipfrag 200), and
 * gets Foyer's BYE.
 */
const REFER_ACCEPTED = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="refer accepted">
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
      Content-Type: application/sdp
      Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=sendrecv
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
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
      Content-Length: 0
    ]]>
  </send>
  <recv request="REFER" timeout="20000">
    <action>
      <ereg regexp="^ *&lt;sip:town-hall@partner\\.example\\.com\\?X-Foyer-Role=host&gt; *$" search_in="hdr" header="Refer-To:" check_it="true" assign_to="referto"/>
      <ereg regexp="^ *&lt;sip:.*&gt; *$" search_in="hdr" header="Referred-By:" check_it="true" assign_to="referredby"/>
    </action>
  </recv>
  <send>
    <![CDATA[
      SIP/2.0 202 Accepted
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Content-Length: 0
    ]]>
  </send>
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
  <recv request="BYE" timeout="10000"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
  <Reference variables="referto,referredby"/>
</scenario>
`;

const freeswitchBackends = backends.filter((backend) => backend !== 'embedded');

describe.skipIf(freeswitchBackends.length === 0 || !haveSipp()).each(freeswitchBackends)(
  'rooms hosted elsewhere on real servers (%s)',
  (backend) => {
    let it_: TestFoyer;

    beforeAll(async () => {
      const services = tempFile('services.yaml', SERVICES);
      it_ = await startTestFoyer(backend, { bundle: () => testBundle(services) });
    }, 60_000);

    afterAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
      await it_?.stop();
    });

    it('a SIPp caller that accepts REFER gets the right Refer-To, and Foyer leaves the call with nothing behind', async () => {
      const run = await runSipp(REFER_ACCEPTED, it_.sip, '2003', 40);
      expect(run.code, run.output).toBe(0);
      await eventually('the call to be recorded', () =>
        it_.usage.records.some((record) => record.type === 'call_ended'),
      );
      expect(it_.usage.records.find((record) => record.type === 'transfer')).toMatchObject({
        service: 'Town hall',
        target: 'sip:town-hall@partner.example.com',
        method: 'refer',
        result: 'referred',
        status: 200,
      });
      expect(it_.usage.records.find((record) => record.type === 'call_ended')).toMatchObject({
        outcome: 'transferred',
        reason: 'referred',
        role: 'host',
      });
      await eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);
      await eventually('Foyer to hold nothing', () => Object.keys(it_.resources.holders()).length === 0);
    }, 60_000);
  },
);
