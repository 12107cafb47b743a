import { createRequire } from 'node:module';

interface EslEvent {
  getBody(): string;
}
interface EslConnection {
  api(command: string, callback: (event: EslEvent) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  disconnect(): void;
}

// drachtio-modesl (a dependency of drachtio-fsmrf) ships no typings; the shape above is what this uses.
const esl = createRequire(import.meta.url)('drachtio-modesl') as {
  Connection: new (host: string, port: number, secret: string, ready: () => void) => EslConnection;
};

/** FreeSWITCH's API over the event socket: the integration tests' caller and inspector. */
export class FreeswitchCli {
  private constructor(private readonly connection: EslConnection) {}

  static connect(host: string, port: number, secret: string): Promise<FreeswitchCli> {
    return new Promise((resolve, reject) => {
      const connection = new esl.Connection(host, port, secret, () => resolve(new FreeswitchCli(connection)));
      connection.on('error', (error) => reject(error));
    });
  }

  api(command: string): Promise<string> {
    return new Promise((resolve) => this.connection.api(command, (event) => resolve(event.getBody())));
  }

  /** Places a call from FreeSWITCH (the test caller) to `uri`; resolves with the caller's channel uuid. */
  async originate(uri: string, variables: Record<string, string> = {}): Promise<string> {
    const vars = Object.entries({ ignore_early_media: 'true', ...variables })
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const reply = await this.api(`originate {${vars}}sofia/drachtio_mrf/${uri.replace(/^sip:/, '')} &park()`);
    const match = /^\+OK ([0-9a-f-]+)/.exec(reply.trim());
    if (!match) throw new Error(`originate failed: ${reply.trim()}`);
    return match[1]!;
  }

  /** Sends keys as RFC 2833 events from the caller. */
  sendDtmf(uuid: string, keys: string): Promise<string> {
    return this.api(`uuid_send_dtmf ${uuid} ${keys}`);
  }

  /** Plays keys as audio tones into the call (inband DTMF). */
  sendTones(uuid: string, keys: string): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- keys are single ASCII characters
    const tones = [...keys].map((key) => {
      const [low, high] = DTMF_TONES[key]!;
      return `%(150,150,${low},${high})`;
    });
    return this.api(`uuid_broadcast ${uuid} tone_stream://${tones.join(';')} aleg`);
  }

  hangup(uuid: string): Promise<string> {
    return this.api(`uuid_kill ${uuid}`);
  }

  /** The uuid of every channel FreeSWITCH has (`show channels`). */
  async channelUuids(): Promise<string[]> {
    const reply = await this.api('show channels');
    return reply
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]!.trim())
      .filter((uuid) => /^[0-9a-f-]{36}$/.test(uuid));
  }

  async channelCount(): Promise<number> {
    const reply = await this.api('show channels count');
    return Number(/(\d+) total/.exec(reply)?.[1] ?? NaN);
  }

  /** Members of the conferences whose names start with `prefix`: their flags, by member. */
  async conferenceMembers(prefix: string): Promise<{ conference: string; flags: string[] }[]> {
    const reply = await this.api('conference list');
    const members: { conference: string; flags: string[] }[] = [];
    let current = '';
    for (const line of reply.split('\n')) {
      const header = /^\+OK Conference (\S+)/.exec(line);
      if (header) current = header[1]!;
      else if (current.startsWith(prefix) && /^\d+;/.test(line))
        members.push({ conference: current, flags: line.split(';')[5]!.split('|') });
    }
    return members;
  }

  close(): void {
    this.connection.disconnect();
  }
}

const DTMF_TONES: Record<string, [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
};
