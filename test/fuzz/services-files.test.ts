import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { withServicesFrom, type Bundle } from '../../src/bundle/index.js';
import { DEFAULTS } from '../../src/config/index.js';
import { routeEntry, type Reception } from '../../src/directory/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { keyScript } from '../helpers/arbitraries.js';
import { boundedCall } from '../helpers/bounded-call.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import {
  dataEdit,
  editData,
  editText,
  nastyText,
  params,
  textEdit,
  toYaml,
  wordsOf,
  yamlValue,
} from '../helpers/fuzz.js';
import { loadsOrExplains } from '../helpers/load-checks.js';

const base = testBundle();
const FILE = '/config/services.yaml';
const SHIPPED = [join(DEFAULTS.servicesFile), join(FIXTURES, 'services.yaml')].map((file) => {
  const text = readFileSync(file, 'utf8');
  return { text, data: parse(text) as unknown };
});
const shipped = fc.constantFrom(...SHIPPED);
const words = [...new Set(SHIPPED.flatMap((file) => wordsOf(file.data)))];

function load(text: string): Bundle | undefined {
  return loadsOrExplains(() => withServicesFrom(new YamlSource(FILE, text), base, DEFAULTS), FILE);
}

/** What a caller may dial: the file's aliases, as URIs with odd schemes, parameters and case, or junk. */
const dialled = (bundle: Bundle) => {
  const aliases = bundle.directory.services().flatMap((service) => service.aliases);
  const known = aliases.length > 0 ? fc.constantFrom(...aliases) : fc.constant('1000');
  return fc.oneof(
    known,
    known.map((alias) => `sIpS:${alias.toUpperCase()};transport=tls`),
    known.map((alias) => `<sip:${alias}@Example.COM:5061>`),
    nastyText,
  );
};

/** A valid service of each kind, with the optional fields a deployment may set. */
function validService(index: number): fc.Arbitrary<Record<string, unknown>> {
  const common = {
    name: fc.constant(`Service ${index}`),
    aliases: fc.subarray([`${1000 + index}`, `meet.s${index}`, `meet.s${index}@example.com`], { minLength: 1 }),
  };
  const pins = fc.oneof(
    fc.constant({}),
    fc.record({ host_pin: fc.stringMatching(/^\d{4,20}$/) }),
    fc.record({ host_pin: fc.constant('1234'), allow_guests: fc.constant(true) }),
    fc.record({ host_pin: fc.constant('1234'), guest_pin: fc.constant('5678'), allow_guests: fc.constant(true) }),
  );
  const room = fc.record(
    {
      ...common,
      type: fc.constantFrom('vmr', 'auditorium'),
      participant_limit: fc.integer({ min: 1, max: 3 }),
      guests_only_timeout: fc.integer({ min: 0, max: 120 }),
      waiting_for_host_timeout: fc.integer({ min: 1, max: 120 }),
      theme: fc.constantFrom('base', 'friendly'),
      language: fc.constantFrom('en-US', 'de-DE', 'nb-NO'),
    },
    { requiredKeys: ['name', 'aliases', 'type'] },
  );
  const reception = fc.record(
    {
      ...common,
      type: fc.constant('reception'),
      match: fc.constantFrom('^(\\d{4})$', '^\\d+$', '(\\d)(\\d*)'),
      replace: fc.constantFrom('$1', 'meet.s$1', '1001'),
    },
    { requiredKeys: ['name', 'aliases', 'type'] },
  );
  return fc.oneof(
    fc.tuple(room, pins).map(([service, pin]) => ({ ...service, ...pin })),
    reception,
  );
}

/** A services file: valid services, sometimes with one value changed. */
const servicesFile = fc
  .integer({ min: 1, max: 4 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => validService(index))))
  .chain((services) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(services) },
      { weight: 1, arbitrary: fc.array(dataEdit(words), { maxLength: 1 }).map((edits) => editData(services, edits)) },
    ),
  )
  .map((services) => toYaml({ services }));

describe('any services file: a clear LoadError with file and line, or services any call can run against', () => {
  it('random YAML', () => {
    fc.assert(
      fc.property(yamlValue, (data) => {
        load(toYaml(data));
      }),
      params(200),
    );
  });

  it('the shipped services files with lines deleted, moved, re-indented or replaced by junk', () => {
    fc.assert(
      fc.property(shipped, fc.array(textEdit, { minLength: 1, maxLength: 4 }), (original, edits) => {
        load(editText(original.text, edits));
      }),
      params(200),
    );
  });

  it('the shipped services files with values replaced, keys renamed or deleted, parts copied: lookups and reception routing never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        shipped,
        fc.array(dataEdit(words), { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(fc.stringMatching(/^\d{0,21}$/), nastyText), { maxLength: 4 }),
        async (original, edits, entries) => {
          const bundle = load(toYaml(editData(original.data, edits)));
          if (!bundle) return;
          for (const entry of entries) {
            for (const reception of bundle.directory
              .services()
              .filter((candidate): candidate is Reception => candidate.type === 'reception')) {
              const route = await routeEntry(bundle.directory, reception, entry, 'example.com');
              expect('room' in route ? route.room.type : route.invalid).toBeTypeOf('string');
            }
            await bundle.directory.lookup(entry);
          }
        },
      ),
      params(200),
    );
  });

  it('generated services: a call to any alias, with any keys, ends and leaves nothing behind', async () => {
    await fc.assert(
      fc.asyncProperty(
        servicesFile.chain((text) => {
          const bundle = load(text);
          return fc.tuple(fc.constant(bundle), bundle ? dialled(bundle) : fc.constant(''), keyScript(10));
        }),
        async ([bundle, to, script]) => {
          if (bundle) await boundedCall({ bundle, to, script, hangupAtMs: 1_200_000 });
        },
      ),
      params(150),
    );
  });
});
