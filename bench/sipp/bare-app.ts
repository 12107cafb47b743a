import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import Mrf from 'drachtio-fsmrf';
import Srf from 'drachtio-srf';
import type {
  EndpointLike,
  MediaServerLike,
  MrfLike,
  SipDialog,
  SipRequest,
  SipResponse,
  SrfLike,
} from '../../src/telephony/library-types.js';
import { bareCall, parseRoom, type BareEndpoint, type BareRoom } from './bare-call.js';

/**
 * `node --import tsx bench/sipp/bare-app.ts [options]`: the reference app of the SIPp comparison
 * (bench/sipp/compare.ts), drachtio-srf and drachtio-fsmrf alone, no Foyer code at run time (the
 * types of the libraries are Foyer's, erased when it runs). It answers every INVITE with
 * `connectCaller` and runs bareCall; it writes `ready` once both servers are connected, then one
 * line per call: `joined <room> <role>`, `ended <reason>` or `failed <message>`.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const address = (text: string, what: string) => {
  const [host, port, secret] = text.split(':');
  if (!host || !port || !secret || !Number.isInteger(Number(port)))
    throw new Error(`${what} ${text}: expected host:port:secret`);
  return { host, port: Number(port), secret };
};

const program = new Command('bare-app')
  .option(
    '--drachtio <host:port:secret>',
    'drachtio-server admin port',
    process.env.FOYER_DRACHTIO ?? '127.0.0.1:9022:cymru',
  )
  .option(
    '--freeswitch <host:port:secret>',
    'FreeSWITCH event socket',
    process.env.FOYER_FREESWITCH ?? '127.0.0.1:8021:ClueCon',
  )
  .option(
    '--fsmrf-listen <address>',
    "address FreeSWITCH reaches this app's outbound event socket on",
    process.env.FOYER_FSMRF_LISTEN ?? '127.0.0.1',
  )
  .option(
    '--prompts <dir>',
    'prompt folder of one theme and language, as FreeSWITCH sees it',
    resolve(ROOT, 'prompts/base/en-US'),
  )
  .option(
    '--conference-profile <name>',
    'FreeSWITCH conference profile',
    process.env.FOYER_CONFERENCE_PROFILE ?? 'foyer',
  )
  .option(
    '--room <number:host[:guest]>',
    "a room (repeatable); the demo services' 1001 by default",
    (text: string, rooms: BareRoom[]) => [...rooms, parseRoom(text)],
    [] as BareRoom[],
  );

interface Flags {
  drachtio: string;
  freeswitch: string;
  fsmrfListen: string;
  prompts: string;
  conferenceProfile: string;
  room: BareRoom[];
}

interface ConnectedCaller {
  endpoint: EndpointLike & BareEndpoint;
  dialog: SipDialog;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const flags = program.parse().opts<Flags>();
  const rooms = new Map(
    (flags.room.length > 0 ? flags.room : [parseRoom('1001:1234:5678')]).map((room) => [room.number, room]),
  );
  const drachtio = address(flags.drachtio, '--drachtio');
  const freeswitch = address(flags.freeswitch, '--freeswitch');
  // drachtio-srf's bundled typings disagree with its runtime, drachtio-fsmrf ships none: the shapes used are Foyer's.
  const srf = new Srf() as unknown as SrfLike;
  const mrf = new Mrf(srf) as MrfLike;
  const connected = new Promise<void>((done, fail) => {
    srf.on('connect', (error: Error | null) => (error ? fail(error) : done()));
    srf.on('error', fail);
  });
  srf.connect({ host: drachtio.host, port: drachtio.port, secret: drachtio.secret });
  await connected;
  const ms: MediaServerLike = await mrf.connect({
    address: freeswitch.host,
    port: freeswitch.port,
    secret: freeswitch.secret,
    listenAddress: flags.fsmrfListen,
    profile: 'drachtio_mrf',
  });
  const wait = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
  srf.invite((req: SipRequest, res: SipResponse) => {
    void (async () => {
      let caller: ConnectedCaller | undefined;
      try {
        caller = (await ms.connectCaller(req, res)) as ConnectedCaller;
        const { endpoint, dialog } = caller;
        const gone = new Promise<void>((done) => dialog.once('destroy', done));
        const call = bareCall(endpoint, {
          rooms,
          prompts: flags.prompts,
          conferenceProfile: flags.conferenceProfile,
          wait,
        });
        // A caller who hangs up in the IVR leaves the call's pending media command to fail: ignored.
        call.catch(() => undefined);
        const end = await Promise.race([call, gone.then(() => ({ joined: false, reason: 'caller_hangup' }) as const)]);
        if (end.joined) {
          say(`joined ${end.room} ${end.role}`);
          await gone;
          await endpoint.destroy();
        } else {
          say(`ended ${end.reason}`);
          await Promise.allSettled([dialog.destroy(), endpoint.destroy()]);
        }
      } catch (error) {
        say(`failed ${error instanceof Error ? error.message : String(error)}`);
        await Promise.allSettled([caller?.dialog.destroy(), caller?.endpoint.destroy()]);
      }
    })();
  });
  say('ready');
  const stop = () => {
    ms.disconnect();
    srf.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-app: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
