import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsWatchFiles } from '../../src/bundle/index.js';
import { reloadOnHangup } from '../../src/cli/reload-on-hangup.js';
import { reloadRoute } from '../../src/main.js';
import { silentLogger, startHealthServer } from '../../src/observability/index.js';
import { runCli } from '../helpers/cli.js';
import { ReloadWorkspace } from '../helpers/reload-workspace.js';

/** The next change the watcher reports (the test's own timeout bounds the wait). */
function nextChange(watched: Parameters<ReturnType<typeof fsWatchFiles>>[0], act: () => void): Promise<string> {
  return new Promise((resolve) => {
    const stop = fsWatchFiles(silentLogger)(watched, (path) => {
      stop();
      resolve(path);
    });
    act();
  });
}

describe('fs.watch: the files Foyer reloads on', () => {
  it('a watched file: its own changes, not its neighbours’', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-watch-'));
    const file = join(dir, 'services.yaml');
    writeFileSync(file, 'services: []\n');
    const changed = await nextChange([{ file }], () => {
      writeFileSync(join(dir, 'other.yaml'), 'x');
      writeFileSync(file, 'services: [] # edited\n');
    });
    expect(changed).toBe(file);
  });

  it('a watched folder, with its subfolders (prompt themes and languages)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-watch-'));
    mkdirSync(join(dir, 'base', 'en-US'), { recursive: true });
    const changed = await nextChange([{ folder: dir }], () =>
      writeFileSync(join(dir, 'base', 'en-US', 'prompts.yaml'), 'prompts: {}\n'),
    );
    expect(changed).toBe(join(dir, 'base', 'en-US', 'prompts.yaml'));
  });

  it('a flow saved twice by an editor that renames a new file over it: both saves are seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-watch-'));
    const flow = join(dir, 'pin-entry.yaml');
    writeFileSync(flow, 'initial: start\n');
    const saveByRename = (text: string) => {
      writeFileSync(join(dir, '.pin-entry.yaml.swp'), text);
      renameSync(join(dir, '.pin-entry.yaml.swp'), flow);
    };
    let secondSaved = false;
    const second = new Promise<void>((resolve) => {
      const stop = fsWatchFiles(silentLogger)([{ folder: dir }], (path) => {
        if (path !== flow) return;
        if (secondSaved) {
          stop();
          resolve();
          return;
        }
        // The first save's events come in a burst: save again once it is over.
        if (!scheduled) {
          scheduled = true;
          setTimeout(() => {
            saveByRename('initial: again\n');
            secondSaved = true;
          }, 200);
        }
      });
    });
    let scheduled = false;
    saveByRename('initial: changed\n');
    await second;
  });

  it('a subfolder created later (a new language) is watched too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-watch-'));
    const changed = await new Promise<string>((resolve) => {
      const stop = fsWatchFiles(silentLogger)([{ folder: dir }], (path) => {
        if (!path.endsWith('prompts.yaml')) {
          if (path === join(dir, 'fr-FR')) writeFileSync(join(dir, 'fr-FR', 'prompts.yaml'), 'prompts: {}\n');
          return;
        }
        stop();
        resolve(path);
      });
      mkdirSync(join(dir, 'fr-FR'));
    });
    expect(changed).toBe(join(dir, 'fr-FR', 'prompts.yaml'));
  });

  it('a folder that cannot be watched is left out, not fatal', () => {
    const stop = fsWatchFiles(silentLogger)([{ folder: '/nonexistent/foyer' }], () => undefined);
    stop();
  });
});

describe('SIGHUP, POST /reload and foyer reload', () => {
  it('SIGHUP reloads', () => {
    const ws = new ReloadWorkspace();
    const signals = new EventEmitter();
    const stop = reloadOnHangup(ws.source, signals as unknown as NodeJS.Process);
    const before = ws.source.current.version;
    signals.emit('SIGHUP');
    expect(ws.source.current.version).toBeGreaterThan(before);
    stop();
    expect(signals.listenerCount('SIGHUP')).toBe(0);
  });

  it('foyer reload asks the running Foyer (POST /reload on 127.0.0.1) and says how it went', async () => {
    const ws = new ReloadWorkspace();
    const server = await startHealthServer(0, '127.0.0.1', () => ({ ok: true }), silentLogger, {
      'POST /reload': reloadRoute((reason) => ws.source.reload(reason)),
    });
    const port = String((server.address() as AddressInfo).port);
    try {
      const good = await runCli('reload', '--http-port', port);
      expect(good).toMatchObject({ code: 0, stderr: '' });
      expect(good.stdout).toMatch(
        /^reloaded: version \d+ for new calls \(calls in progress keep version \d+ or older\)\n$/,
      );

      ws.edit('services.yaml', 'host_pin: "1234"', 'host_pin: "12"');
      const bad = await runCli('reload', '--http-port', port);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        `${ws.path('services.yaml')}:${ws.lineOf('services.yaml', 'host_pin: "12"')}: service "Host only": host_pin must be 4 to 20 digits (0-9)\n`,
      );
      expect(bad.stderr).toMatch(/foyer reload: not reloaded; version \d+ stays in use\n$/);

      const get = await fetch(`http://127.0.0.1:${port}/reload`);
      expect(get.status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('foyer reload with no Foyer running says so', async () => {
    const server = await startHealthServer(0, '127.0.0.1', () => ({ ok: true }), silentLogger);
    const port = String((server.address() as AddressInfo).port);
    await new Promise((resolve) => server.close(resolve));
    const run = await runCli('reload', '--http-port', port);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^foyer reload: no Foyer answers at http://127.0.0.1:${port}/reload \\(ECONNREFUSED\\)`),
    );
  });
});
