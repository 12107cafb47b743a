import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTarget, loadServicesFile, redactUri, type Room } from '../../src/directory/index.js';
import { LoadError } from '../../src/yaml/index.js';
import { FIXTURES } from '../helpers/bundle.js';
import { runCli } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

/** Loads a services file: its rooms, or its problems as `line: message`. */
function load(yaml: string): { rooms: Room[]; problems: string[] } {
  const file = tempFile('services.yaml', yaml);
  try {
    return { rooms: loadServicesFile(file) as Room[], problems: [] };
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    for (const problem of error.problems) expect(problem.file).toBe(file);
    return { rooms: [], problems: error.problems.map((problem) => `${problem.line}: ${problem.message}`) };
  }
}

const hosted = (target: string) => `services:
  - name: Weekly sync
    type: vmr
    aliases: ["2001"]
    host_pin: "1234"
    guest_pin: "5678"
    allow_guests: true
    target:
${target}`;

describe('rooms hosted elsewhere: target in the services file', () => {
  it('reads the issue example, with defaults for what it leaves out', () => {
    const { rooms, problems } = load(
      hosted(`      uri: "sip:weekly@meet.example.com"
      method: bridge
      media: direct
      headers: { X-Foyer-Role: "{role}" }
      send_keys: "{pin}#"
      ring_timeout: 30s
`),
    );
    expect(problems).toEqual([]);
    expect(rooms[0]!.target).toEqual({
      uri: 'sip:weekly@meet.example.com',
      method: 'bridge',
      media: 'direct',
      headers: { 'X-Foyer-Role': '{role}' },
      sendKeys: '{pin}#',
      ringTimeoutMs: 30_000,
    });
    const minimal = load(
      hosted('      uri: "sip:{alias}@meet.example.com"\n      method: refer\n      fallback: bridge\n'),
    );
    expect(minimal.rooms[0]!.target).toEqual({
      uri: 'sip:{alias}@meet.example.com',
      method: 'refer',
      media: 'direct',
      headers: {},
      ringTimeoutMs: 30_000,
      fallback: 'bridge',
    });
  });

  it('fills the templates per call; {pin} only in send_keys', () => {
    const { rooms } = load(
      hosted(`      uri: "sip:{alias}.{role}@meet.example.com"
      headers: { X-Foyer-Role: "{role}", X-Room: "{service}" }
      send_keys: ",,{pin}#"
`),
    );
    expect(
      expandTarget(rooms[0]!.target!, { alias: '2001', service: 'Weekly sync', role: 'guest', pin: '5678' }),
    ).toMatchObject({
      uri: 'sip:2001.guest@meet.example.com',
      headers: { 'X-Foyer-Role': 'guest', 'X-Room': 'Weekly sync' },
      sendKeys: ',,5678#',
    });
  });

  it('refuses unknown templates, {pin} outside send_keys, bad URIs and fields, each on its line', () => {
    expect(
      load(
        hosted(`      uri: "sip:{entry}@meet.example.com"
      headers: { X-Pin: "{pin}" }
      send_keys: "{caller}#"
      ring_timeout: soon
      method: invite
`),
      ).problems,
    ).toEqual([
      '13: service "Weekly sync": target.method must be bridge or refer',
      '12: service "Weekly sync": target.ring_timeout must be a duration such as 30s',
    ]);
    expect(
      load(
        hosted(`      uri: "sip:{entry}@meet.example.com"
      headers: { X-Pin: "{pin}" }
      send_keys: "{caller}#"
`),
      ).problems,
    ).toEqual([
      '9: service "Weekly sync": target.uri: unknown template {entry}; known: {alias} {service} {role}',
      '10: service "Weekly sync": target.headers.X-Pin: unknown template {pin} ({pin} goes only in send_keys); known: {alias} {service} {role}',
      '11: service "Weekly sync": target.send_keys: unknown template {caller}; known: {alias} {service} {role} {pin}',
    ]);
    expect(load(hosted('      uri: "meet.example.com"\n')).problems).toEqual([
      '9: service "Weekly sync": target.uri "meet.example.com" is not a SIP URI such as "sip:{alias}@meet.example.com"',
    ]);
    expect(load(hosted('      uri: "sip:weekly@meet.example.com"\n      ringtimeout: 5s\n')).problems).toEqual([
      '10: service "Weekly sync": target: unknown field "ringtimeout"; did you mean "ring_timeout"?',
    ]);
    expect(load(hosted('      method: refer\n')).problems[0]).toMatch(
      /^9: service "Weekly sync": target.uri is required/,
    );
  });

  it('refuses credentials in the URI without ever showing the password', () => {
    const problems = load(hosted('      uri: "sip:alice:s3cret@meet.example.com"\n')).problems;
    expect(problems).toEqual([
      '9: service "Weekly sync": target.uri must not hold credentials (user:password@): Foyer never sends or logs them',
    ]);
    expect(problems.join()).not.toContain('s3cret');
    expect(redactUri('sip:alice:s3cret@meet.example.com')).toBe('sip:alice:***@meet.example.com');
  });

  it('a reception cannot have a target', () => {
    expect(
      load(`services:
  - name: Lobby
    type: reception
    aliases: ["2000"]
    target: { uri: "sip:x@example.com" }
`).problems,
    ).toEqual(['5: service "Lobby": target applies only to a vmr or auditorium (a room hosted elsewhere)']);
  });
});

describe('foyer services shows where rooms hosted elsewhere are', () => {
  it('the method and the URI as written, templates included', async () => {
    const run = await runCli('services', '--services', join(FIXTURES, 'hosted-elsewhere.yaml'));
    expect(run.stdout).toContain(
      'Partner room (vmr): 2002; flow pin-entry; host PIN required; hosted elsewhere: refer to sip:{alias}@partner.example.com\n',
    );
  });
});
