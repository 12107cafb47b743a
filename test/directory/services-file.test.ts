import { describe, expect, it } from 'vitest';
import { loadServicesFile } from '../../src/directory/index.js';
import { LoadError } from '../../src/yaml/index.js';
import { tempFile } from '../helpers/files.js';

/** Loads a services file and returns its problems as `line: message`, or [] when it loads. */
function problems(yaml: string): string[] {
  const file = tempFile('services.yaml', yaml);
  try {
    loadServicesFile(file);
    return [];
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    for (const problem of error.problems) expect(problem.file).toBe(file);
    return error.problems.map((problem) => `${problem.line}: ${problem.message}`);
  }
}

const room = (extra: string) => `services:
  - name: Room
    type: vmr
    aliases: ["1001"]
${extra}`;

describe('services file errors name the file, line and cause', () => {
  it('loads a good file with every field', () => {
    const file = tempFile(
      'services.yaml',
      `services:
  - name: A
    type: vmr
    aliases: ["1001", "meet.a@example.com"]
    host_pin: "0123"
    guest_pin: "4567"
    allow_guests: true
    service_tag: sales
    theme: base
    language: en-US
    participant_limit: 5
  - name: R
    type: reception
    aliases: ["8000"]
    match: '^(\\d{4})$'
    replace: 'meet.$1'
`,
    );
    const services = loadServicesFile(file);
    expect(services).toHaveLength(2);
    expect(services[0]).toMatchObject({
      hostPin: '0123',
      guestPin: '4567',
      allowGuests: true,
      serviceTag: 'sales',
      participantLimit: 5,
    });
    expect(services[1]!.type).toBe('reception');
  });

  it('an unquoted PIN is an error that says to quote it, on its line', () => {
    const found = problems(room('    host_pin: 0123\n'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^5: service "Room": host_pin must be quoted/);
  });

  it('an unquoted alias is an error that says to quote it', () => {
    expect(problems('services:\n  - name: R\n    type: vmr\n    aliases: [1001, "x"]\n')).toEqual([
      expect.stringMatching(/^4: service "R": alias 1001 must be quoted, as in aliases: \["1001"\]/),
    ]);
  });

  it('a duplicate alias across services names both', () => {
    const found = problems(`services:
  - name: A
    type: vmr
    aliases: ["1001"]
  - name: B
    type: vmr
    aliases: ["x", "1001"]
`);
    expect(found).toEqual(['7: service "B": duplicate alias "1001": service "A" has it']);
  });

  it('aliases that differ only in case or scheme are duplicates', () => {
    expect(
      problems(
        'services:\n  - name: A\n    type: vmr\n    aliases: ["Meet.A"]\n  - name: B\n    type: vmr\n    aliases: ["sip:meet.a"]\n',
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['"123"', 'too short'],
    ['"123456789012345678901"', 'too long'],
    ['"12a4"', 'not digits'],
  ])('a PIN of %s (%s) must be 4 to 20 digits, and the message never shows it', (pin) => {
    const found = problems(room(`    host_pin: ${pin}\n`));
    expect(found).toEqual(['5: service "Room": host_pin must be 4 to 20 digits (0-9)']);
    expect(found.join()).not.toContain(JSON.parse(pin));
  });

  it('equal host and guest PINs are an error', () => {
    expect(problems(room('    host_pin: "1234"\n    guest_pin: "1234"\n    allow_guests: true\n'))).toEqual([
      '6: service "Room": host_pin and guest_pin must differ',
    ]);
  });

  it('a guest PIN without a host PIN is an error', () => {
    const found = problems(room('    guest_pin: "5678"\n    allow_guests: true\n'));
    expect(found).toContain(
      '5: service "Room": guest_pin needs a host_pin (without a host PIN everyone joins as host)',
    );
  });

  it('a guest PIN without allow_guests is an error', () => {
    expect(problems(room('    host_pin: "1234"\n    guest_pin: "5678"\n'))).toEqual([
      '6: service "Room": guest_pin needs allow_guests: true',
    ]);
  });

  it('allow_guests without a host PIN is an error', () => {
    expect(problems(room('    allow_guests: true\n'))).toEqual([
      '5: service "Room": allow_guests needs a host_pin (without a host PIN everyone joins as host)',
    ]);
  });

  it('a PIN on a reception is an error', () => {
    expect(
      problems('services:\n  - name: R\n    type: reception\n    aliases: ["8000"]\n    host_pin: "1234"\n'),
    ).toEqual(['5: service "R": host_pin does not apply to a reception (a reception has no PIN; its rooms do)']);
  });

  it('a bad regex is an error that quotes the regex engine', () => {
    const found = problems(
      'services:\n  - name: R\n    type: reception\n    aliases: ["8000"]\n    match: "^(\\\\d{4}$"\n',
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^5: service "R": match is not a valid regular expression: /);
  });

  it('an unknown type is an error listing the types', () => {
    expect(problems('services:\n  - name: R\n    type: lobby\n    aliases: ["8000"]\n')).toEqual([
      '3: service "R": type must be one of vmr, auditorium, reception',
    ]);
  });

  it('an unknown field is an error listing the known ones', () => {
    const found = problems(room('    colour: blue\n'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^5: service "Room": unknown field "colour"; known fields: name, type, aliases, host_pin/);
  });

  it('a misspelled field says which one was meant', () => {
    expect(problems(room('    hostpin: "1234"\n'))).toEqual([
      '5: service "Room": unknown field "hostpin"; did you mean "host_pin"?',
    ]);
    expect(problems(room('    host_pin: "1234"\n    allow_guest: true\n'))).toEqual([
      '6: service "Room": unknown field "allow_guest"; did you mean "allow_guests"?',
    ]);
  });

  it('a duplicate name is an error', () => {
    expect(
      problems(
        'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n  - name: A\n    type: vmr\n    aliases: ["2"]\n',
      ),
    ).toEqual(['5: service "A": name already used by the service on line 2']);
  });

  it('a service without aliases is an error', () => {
    expect(problems('services:\n  - name: A\n    type: vmr\n    aliases: []\n')).toEqual([
      '4: service "A": aliases must list at least one alias',
    ]);
  });

  it('YAML syntax errors name the line', () => {
    const found = problems('services:\n  - name: A\n    type: [vmr\n');
    expect(found[0]).toMatch(/^\d+: YAML syntax: /);
  });

  it('a file without a services list says what it expected', () => {
    expect(problems('rooms: []\n')).toEqual(['1: expected a top-level "services:" list']);
  });

  it('reports every problem at once', () => {
    expect(
      problems(
        'services:\n  - name: A\n    type: vmr\n    aliases: ["1"]\n    host_pin: "12"\n  - name: B\n    type: nope\n    aliases: ["2"]\n',
      ),
    ).toHaveLength(2);
  });

  it('Pexip-style \\1 in replace is a warning, not an error', () => {
    expect(
      problems(
        'services:\n  - name: R\n    type: reception\n    aliases: ["8000"]\n    match: "^(\\\\d+)$"\n    replace: "\\\\1"\n',
      ),
    ).toEqual([]);
  });

  it('a missing file says so', () => {
    expect(() => loadServicesFile('/nonexistent/services.yaml')).toThrow(/services.yaml: cannot read: file not found/);
  });
});
