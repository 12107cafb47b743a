import { describe, expect, it } from 'vitest';
import { MeetingHarness } from '../helpers/meeting-harness.js';
import { ReloadWorkspace } from '../helpers/reload-workspace.js';

describe('reloading a file that does not load keeps the running configuration', () => {
  it('a services file saved half-edited: refused, with file and line in the log; calls go on with the old one', async () => {
    const ws = new ReloadWorkspace();
    const before = ws.source.current;
    ws.edit('services.yaml', 'host_pin: "1234"', 'host_pin: "12"');
    const line = ws.lineOf('services.yaml', 'host_pin: "12"');
    const result = ws.source.reload('test');
    expect(result).toMatchObject({ ok: false, version: before.version });
    expect(ws.source.current).toBe(before);
    expect(ws.errors()).toContain(
      `${ws.path('services.yaml')}:${line}: service "Host only": host_pin must be 4 to 20 digits (0-9)`,
    );
    expect(ws.errors().at(-1)).toMatch(/configuration not reloaded \(test\): 1 problem\(s\); version \d+ stays in use/);
    // PINs are never logged, even from a half-edited file.
    expect(JSON.stringify(ws.logLines)).not.toMatch(/"12"|1234/);
    const h = new MeetingHarness(ws.source.current);
    await h.admit('host', '1002', '1234#');
    expect(h.events.find((event) => event.callId === 'host')).toMatchObject({ event: 'started', service: 'Host only' });
  });

  it('a flow with a mistake: refused with the flow file and line', () => {
    const ws = new ReloadWorkspace();
    ws.edit('flows/pin-entry.yaml', 'entry: [takeEntry, checkPin]', 'entry: [takeEntry, checkPIN]');
    const result = ws.source.reload('test');
    expect(result.ok).toBe(false);
    expect(ws.errors()[0]).toMatch(
      new RegExp(
        `^${ws.path('flows/pin-entry.yaml')}:${ws.lineOf('flows/pin-entry.yaml', 'checkPIN')}: unknown action "checkPIN"`,
      ),
    );
  });

  it('a prompt catalogue with a broken message: refused with the catalogue file and line', () => {
    const ws = new ReloadWorkspace();
    ws.edit(
      'prompts/base/en-US/prompts.yaml',
      'other {You have # attempts left.}}',
      'other {You have # attempts left.}',
    );
    const result = ws.source.reload('test');
    expect(result.ok).toBe(false);
    expect(ws.errors()[0]).toMatch(
      new RegExp(
        `^${ws.path('prompts/base/en-US/prompts.yaml')}:${ws.lineOf('prompts/base/en-US/prompts.yaml', 'pin.attempts_left')}: `,
      ),
    );
  });

  it('a file emptied mid-save: refused; the next save loads', () => {
    const ws = new ReloadWorkspace();
    const text = ws.read('services.yaml');
    ws.write('services.yaml', '');
    expect(ws.source.reload('test').ok).toBe(false);
    ws.write('services.yaml', text);
    expect(ws.source.reload('test')).toMatchObject({ ok: true });
  });
});

describe('a good reload: new calls get the new configuration, calls in progress finish on theirs', () => {
  it('a call at the reception keeps its version across the hand-off to the room; a new call gets the new PIN', async () => {
    const ws = new ReloadWorkspace();
    const v1 = ws.source.current;
    const h = new MeetingHarness(v1);
    h.dial('early', '8000', ws.source.current);
    await h.clock.advance(3_000);
    ws.edit('services.yaml', /(aliases: \["1001".*\]\n\s+host_pin: )"1234"/, '$1"4321"');
    expect(ws.source.reload('test')).toMatchObject({ ok: true, previous: v1.version });
    expect(ws.source.current.version).toBeGreaterThan(v1.version);
    // Still at the reception when the configuration changed: the room's PIN is the one it started with.
    await h.press('early', '1001#');
    await h.clock.advance(5_000);
    await h.press('early', '1234#');
    await h.until(
      () => h.events.some((event) => event.callId === 'early' && event.event === 'joined'),
      'the early caller to join',
    );
    h.dial('late', '8000', ws.source.current);
    await h.clock.advance(500);
    await h.press('late', '1001#');
    await h.clock.advance(5_000);
    await h.press('late', '1234#1234#1234#');
    await h.until(() => h.record('late') !== undefined, 'the late caller to be refused');
    expect(h.record('late')).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid', via: 'Reception' });
    h.dial('later', '1001', ws.source.current);
    await h.clock.advance(500);
    await h.press('later', '4321#');
    await h.until(
      () => h.events.some((event) => event.callId === 'later' && event.event === 'joined'),
      'the caller with the new PIN to join',
    );
    for (const id of h.connected()) h.hangup(id);
    await h.finish();
    expect(h.record('early')).toMatchObject({
      outcome: 'hangup',
      role: 'host',
      via: 'Reception',
      service: 'Host and guest',
    });
  });

  it("a running conference keeps its room's settings; callers who join it after the reload are in the same conference", async () => {
    const ws = new ReloadWorkspace();
    const h = new MeetingHarness(ws.source.current);
    await h.admit('host', '1001', '1234#', ws.source.current);
    await h.admit('guest1', '1001', '5678#', ws.source.current);
    ws.edit('services.yaml', /(aliases: \["1001".*\]\n)/, '$1    guests_only_timeout: 0\n    participant_limit: 2\n');
    expect(ws.source.reload('test').ok).toBe(true);
    // Under the new settings the room would be full; the running conference has none of them.
    await h.admit('guest2', '1001', '5678#', ws.source.current);
    expect(h.world.meetings.count).toBe(1);
    expect(h.events.filter((event) => event.event === 'started')).toHaveLength(1);
    await h.clock.advance(5_000);
    h.hangup('host');
    const left = h.clock.now();
    await h.until(
      () => h.record('guest1') !== undefined && h.record('guest2') !== undefined,
      'the guests to be disconnected',
    );
    expect(h.record('guest2')).toMatchObject({ outcome: 'disconnected', reason: 'guests_only_timeout' });
    // After 60 s (the settings the conference started with), not at once (the new ones).
    expect(h.clock.now() - left).toBeGreaterThanOrEqual(60_000);
    await h.finish();
    // The room's next conference starts with the new settings.
    await h.admit('host2', '1001', '1234#', ws.source.current);
    await h.admit('guest3', '1001', '5678#', ws.source.current);
    h.dial('guest4', '1001', ws.source.current);
    await h.clock.advance(100);
    await h.press('guest4', '5678#');
    await h.until(() => h.record('guest4') !== undefined, 'the third caller to be refused');
    expect(h.record('guest4')).toMatchObject({ outcome: 'disconnected', reason: 'conference_full' });
    for (const id of h.connected()) h.hangup(id);
    await h.finish();
    expect(h.resources.holders()).toEqual({});
  });
});

describe('what triggers a reload', () => {
  it('file changes, debounced: a burst of changes makes one reload', async () => {
    const ws = new ReloadWorkspace();
    const stop = ws.source.watch();
    const start = ws.source.current.version;
    ws.changed('services.yaml');
    await ws.clock.advance(100);
    ws.changed('flows/pin-entry.yaml');
    ws.changed('prompts/base/en-US/prompts.yaml');
    await ws.clock.advance(499);
    expect(ws.source.current.version).toBe(start);
    await ws.clock.advance(1);
    expect(ws.source.current.version).toBeGreaterThan(start);
    const first = ws.source.current.version;
    expect(ws.logLines.find((line) => line.event === 'bundle_reloaded')).toMatchObject({
      reason: `${ws.path('prompts/base/en-US/prompts.yaml')} changed`,
    });
    ws.changed('services.yaml');
    await ws.clock.advance(500);
    expect(ws.source.current.version).toBeGreaterThan(first);
    const second = ws.source.current.version;
    stop();
    ws.changed('services.yaml');
    await ws.clock.advance(1_000);
    expect(ws.source.current.version).toBe(second);
    expect(ws.clock.pending).toBe(0);
  });

  it('the status for /health says the version and how the last reload went', () => {
    const ws = new ReloadWorkspace();
    ws.edit('services.yaml', 'host_pin: "1234"', 'host_pin: "12"');
    ws.source.reload('SIGHUP');
    expect(ws.source.status()).toMatchObject({
      version: ws.source.current.version,
      last_reload: { ok: false, reason: 'SIGHUP', problems: [expect.stringContaining('services.yaml:')] },
    });
  });
});
