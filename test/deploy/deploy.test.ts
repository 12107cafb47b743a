import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/config/index.js';

/**
 * deploy/ as an operator runs it. No Docker engine here: these check what can be checked without
 * one, from the images' documented behaviour (drachtio-server reads DRACHTIO_SECRET and takes
 * --loglevel; drachtio/drachtio-freeswitch-mrf's entry point takes --password and --log-level and
 * answers drachtio-fsmrf's calls in its mrf dialplan).
 */
interface ComposeService {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: (
    string | { type: string; source: string; target: string; read_only?: boolean; bind?: Record<string, unknown> }
  )[];
}

const compose = parse(readFileSync(join(PACKAGE_ROOT, 'deploy/docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const dockerfile = readFileSync(join(PACKAGE_ROOT, 'deploy/Dockerfile'), 'utf8');
const { drachtio, freeswitch, foyer } = compose.services as Record<'drachtio' | 'freeswitch' | 'foyer', ComposeService>;
const env = foyer.environment!;

/** Each volume as { source, target }. */
function mounts(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source, target: volume.target };
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  });
}

describe('deploy/docker-compose.yml', () => {
  it('parses, and has the three services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['drachtio', 'foyer', 'freeswitch']);
  });

  it('pins every image to a release, never latest', () => {
    for (const image of [drachtio.image, freeswitch.image]) expect(image).toMatch(/^[\w/-]+:\d+\.\d+\.\d+$/);
    expect(dockerfile).toMatch(/^FROM node:20\.\d+-bookworm-slim$/m);
  });

  it('requires both secrets and gives each to both sides, with no default', () => {
    const raw = readFileSync(join(PACKAGE_ROOT, 'deploy/docker-compose.yml'), 'utf8');
    expect(raw).not.toMatch(/cymru|ClueCon|JambonzR0ck/);
    expect(drachtio.environment?.DRACHTIO_SECRET).toMatch(/^\$\{DRACHTIO_SECRET:\?/);
    expect(env.FOYER_DRACHTIO).toMatch(/^127\.0\.0\.1:9022:\$\{DRACHTIO_SECRET:\?/);
    const password = freeswitch.command![freeswitch.command!.indexOf('--password') + 1];
    expect(password).toMatch(/^\$\{FREESWITCH_SECRET:\?/);
    expect(env.FOYER_FREESWITCH).toMatch(/^127\.0\.0\.1:8021:\$\{FREESWITCH_SECRET:\?/);
  });

  it('keeps PIN digits out of the servers’ logs: drachtio at notice, sofia at 3, FreeSWITCH at notice', () => {
    const option = (service: ComposeService, name: string) => service.command![service.command!.indexOf(name) + 1];
    expect(['notice', 'warning', 'error']).toContain(option(drachtio, '--loglevel'));
    expect(Number(option(drachtio, '--sofia-loglevel'))).toBeLessThanOrEqual(3);
    expect(['notice', 'warning', 'err', 'crit', 'alert']).toContain(option(freeswitch, '--log-level'));
  });

  it('ends calls whose media stopped: the mrf dialplan sets media_timeout before it answers', () => {
    const script = freeswitch.entrypoint![2]!.replaceAll('$$', '$').replace('${MEDIA_TIMEOUT_MS:-60000}', '60000');
    expect(freeswitch.entrypoint!.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    // Run the wrapper's edit on a dialplan shaped like the image's, twice (a container restart).
    const dir = mkdtempSync(join(tmpdir(), 'foyer-dialplan-'));
    const file = join(dir, 'mrf.xml');
    writeFileSync(
      file,
      '<extension>\n  <action application="answer"/>\n  <action application="socket" data="x"/>\n</extension>\n',
    );
    const edit = script
      .replace('/usr/local/freeswitch/conf/dialplan/mrf.xml', file)
      .replace(/exec \/entrypoint\.sh.*$/, 'true');
    for (let run = 0; run < 2; run += 1) expect(spawnSync('/bin/bash', ['-c', edit]).status).toBe(0);
    const edited = readFileSync(file, 'utf8');
    expect(edited).toContain('<action application="set" data="media_timeout=60000"/><action application="answer"/>');
    expect(edited.match(/media_timeout/g)).toHaveLength(1);
    expect(script).toMatch(/exec \/entrypoint\.sh "\$@"$/);
  });

  it('has one source of prompts: the same folder, at the same path, for Foyer and FreeSWITCH', () => {
    expect(dockerfile).not.toMatch(/^COPY prompts/m);
    const prompts = (service: ComposeService) => mounts(service).find((mount) => mount.source === '../prompts');
    expect(prompts(freeswitch)?.target).toBe('/opt/foyer/prompts');
    expect(prompts(foyer)?.target).toBe('/opt/foyer/prompts');
    expect(env.FOYER_PROMPTS).toBe('/opt/foyer/prompts');
    expect(env.FOYER_PROMPT_BASE).toBe('/opt/foyer/prompts');
  });

  it('mounts the operator’s services file, and never allows the demo services', () => {
    const services = mounts(foyer).find((mount) => mount.target === env.FOYER_SERVICES);
    expect(services?.source).toBe('./services.yaml');
    const long = foyer.volumes!.find((volume) => typeof volume !== 'string' && volume.target === env.FOYER_SERVICES);
    expect(long).toMatchObject({ read_only: true, bind: { create_host_path: false } });
    expect(env.FOYER_ALLOW_DEMO_SERVICES).toBeUndefined();
  });

  it('every path Foyer writes is a folder the Dockerfile gives to the user Foyer runs as', () => {
    const user = /^USER (\w+)$/m.exec(dockerfile)?.[1];
    expect(user).toBe('node');
    const written = [posix.dirname(env.FOYER_USAGE_LOG!)];
    for (const folder of written) {
      expect(mounts(foyer).map((mount) => mount.target)).toContain(folder);
      const before = dockerfile.slice(0, dockerfile.indexOf(`USER ${user}`));
      expect(before).toContain(`mkdir -p ${folder} && chown ${user}:${user} ${folder}`);
    }
  });
});

describe('deploy/Dockerfile and its context', () => {
  it('has a .dockerignore that leaves node_modules and .git out and keeps what the image copies', () => {
    const ignored = readFileSync(join(PACKAGE_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git']));
    const copied = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((match) => match[1]!.split(/\s+/));
    expect(copied.length).toBeGreaterThan(3);
    for (const path of copied) {
      expect(ignored, `${path} is copied, so it must be in the context`).not.toContain(path);
      expect(existsSync(join(PACKAGE_ROOT, path)), path).toBe(true);
    }
  });

  it('its HEALTHCHECK passes while /health answers 200 and fails on 503 or silence', async () => {
    const json = /^\s+CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    const [, ...args] = JSON.parse(json!) as string[];
    let status = 200;
    const server = createServer((_req, res) => res.writeHead(status).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = String((server.address() as { port: number }).port);
    const check = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, args, {
          env: { ...process.env, FOYER_HTTP_PORT: port },
          stdio: 'ignore',
        });
        child.on('exit', resolve);
      });
    try {
      expect(await check()).toBe(0);
      status = 503;
      expect(await check()).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // Nothing listening at all.
    expect(await check()).toBe(1);
  });
});
