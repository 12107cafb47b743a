import { ACK, AUDIO, BYE, INVITE, info, scenario, SDP } from './sipp.js';

/**
 * A caller who keys `keys` by SIP INFO after `waitMs`, is then re-INVITEd (its media moved to
 * another FreeSWITCH) and answers 200 with its SDP, stays `holdMs`, then hangs up. Fails (SIPp
 * exits non-zero) when no re-INVITE with audio comes within `reinviteWithinMs`.
 */
export function reinvitedCallerScenario(
  keys: string,
  waitMs: number,
  holdMs: number,
  reinviteWithinMs = 15_000,
): string {
  let cseq = 10;
  // No pause after the last key: the re-INVITE may follow at once.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- keys are single ASCII characters
  const infos = [...keys]
    .map((key) => info(key, cseq++))
    .join('')
    .replace(/\s*<pause milliseconds="250"\/>$/, '');
  return scenario(
    'reinvited-caller',
    `${INVITE(SDP(AUDIO(true)))}
  <recv response="200" rtd="true">
    <action><ereg regexp="tag=([^;> ]+)" search_in="hdr" header="To:" check_it="true" assign_to="t,tag"/></action>
  </recv>${ACK()}
  <pause milliseconds="${waitMs}"/>${infos}
  <recv request="INVITE" timeout="${reinviteWithinMs}">
    <action><ereg regexp="m=audio [1-9]" search_in="body" check_it="true" assign_to="m"/></action>
  </recv>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Content-Type: application/sdp
      Content-Length: [len]

${SDP(AUDIO(true)).replace('o=sipp 1 1', 'o=sipp 1 2')}
    ]]>
  </send>
  <recv request="ACK"/>
  <pause milliseconds="${holdMs}"/>${
    // Foyer's tag as its 200 gave it: SIPp's own may have been taken from the re-INVITE.
    BYE.replace('[peer_tag_param]', ';tag=[$tag]')
  }
  <Reference variables="m,t"/>`,
  );
}
