import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { bundlePage, FlowFiles, startStudioServer, type RunningStudio } from '../../src/studio/index.js';

const REPO = join(import.meta.dirname, '..', '..');

/** PINs no other number on the page could contain by chance: any sighting of them is a leak. */
export const HOST_PIN = '97531864';
export const GUEST_PIN = '86420975';

const SERVICES = `# Studio test services: a reception and one room with both PINs.
services:
  - name: Reception
    type: reception
    aliases: ["8000"]
  - name: Test room
    type: vmr
    aliases: ["1001", "meet.test"]
    host_pin: "${HOST_PIN}"
    guest_pin: "${GUEST_PIN}"
    allow_guests: true
`;

export interface StudioHarness {
  readonly studio: RunningStudio;
  /** The project folder the studio serves: a copy of the shipped flows and a services file. */
  readonly root: string;
  readonly flowsDir: string;
  readonly servicesFile: string;
  readonly sources: typeof DEFAULTS;
  /** Every byte the studio has sent, as text. */
  sent(): string;
  close(): Promise<void>;
}

/** The studio on a free loopback port, over a copy of the shipped flows (the repository's are never written). */
export async function startStudioHarness(): Promise<StudioHarness> {
  const root = mkdtempSync(join(tmpdir(), 'foyer-studio-test-'));
  const flowsDir = join(root, 'flows');
  cpSync(join(REPO, 'flows'), flowsDir, { recursive: true });
  const servicesFile = join(root, 'services.yaml');
  writeFileSync(servicesFile, SERVICES);
  const sources = { ...DEFAULTS, flowsDir, servicesFile, promptsDir: join(REPO, 'prompts') };
  const studio = await startStudioServer({
    host: '127.0.0.1',
    port: 0,
    root,
    sources,
    flows: new FlowFiles(flowsDir),
    loadBundle: () => loadBundle(sources),
    checkPrompts: () => [],
    meetingSettings: DEFAULT_MEETING_SETTINGS,
    logger: silentLogger,
    page: await bundlePage(),
  });
  const chunks: string[] = [];
  studio.server.prependListener('request', (_req, res: ServerResponse) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk).toString('utf8'));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => (keep(chunk), end(chunk, ...rest))) as typeof res.end;
  });
  return {
    studio,
    root,
    flowsDir,
    servicesFile,
    sources,
    sent: () => chunks.join(''),
    close: async () => {
      await studio.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
