import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundleFor } from '../../src/cli/load.js';
import { DEFAULTS, resolveSettings } from '../../src/config/index.js';
import { parseAlias } from '../../src/directory/index.js';
import { Catalogue, PromptValueError } from '../../src/prompts/index.js';
import { keyScript } from '../helpers/arbitraries.js';
import { boundedCall } from '../helpers/bounded-call.js';
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

const CATALOGUE = join(DEFAULTS.promptsDir, 'base', 'en-US', 'prompts.yaml');
const catalogueText = readFileSync(CATALOGUE, 'utf8');
const catalogueData = parse(catalogueText) as unknown;
const words = wordsOf(catalogueData);
const shipped = Catalogue.load(DEFAULTS.promptsDir, 'en-US');

/** A prompts folder with only a base en-US catalogue of `text` (audio lengths are then estimated from the texts). */
function promptsFolder(text: string): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), 'foyer-fuzz-prompts-'));
  mkdirSync(join(folder, 'base', 'en-US'), { recursive: true });
  const file = join(folder, 'base', 'en-US', 'prompts.yaml');
  writeFileSync(file, text);
  return { folder, file };
}

describe('any prompt catalogue: a clear LoadError with file and line, or prompts every call can play', () => {
  it('the shipped catalogue with lines deleted, moved or replaced by junk: loads with the flows, or says which file and line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textEdit, { minLength: 1, maxLength: 3 }), keyScript(8), async (edits, script) => {
        const { folder, file } = promptsFolder(editText(catalogueText, edits));
        const bundle = loadsOrExplains(() => bundleFor({ ...DEFAULTS, promptsDir: folder }), file, [
          folder,
          DEFAULTS.flowsDir,
        ]);
        if (bundle)
          await boundedCall({
            bundle,
            to: '8000',
            script: [...script, { atMs: 30_000, key: '1' }],
            hangupAtMs: 300_000,
          });
      }),
      params(40),
    );
  });

  it('the shipped catalogue with texts replaced (messages with braces, junk), ids renamed or deleted', async () => {
    const message = fc.oneof(
      nastyText,
      fc.constantFrom(
        '{',
        '}',
        '{n}',
        '{n, number}',
        '{n, digits}',
        '{n, plural, one {a} other {# b}}',
        '{n, plural, =0 {none} other {#}}',
        '{n, select, a {x} other {y}}',
        '{n, plural, other {{m, number}}}',
        "'{'",
        '#',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(dataEdit(words), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), message), { maxLength: 2 }),
        async (edits, texts) => {
          const data = editData(catalogueData, [
            ...edits,
            ...texts.map(([at, value]) => ({ kind: 'set' as const, at, value })),
          ]);
          const { folder, file } = promptsFolder(toYaml(data));
          const bundle = loadsOrExplains(() => bundleFor({ ...DEFAULTS, promptsDir: folder }), file, [
            folder,
            DEFAULTS.flowsDir,
          ]);
          if (bundle) await boundedCall({ bundle, to: '1001', script: [{ atMs: 100, key: '1' }], hangupAtMs: 120_000 });
        },
      ),
      params(40),
    );
  });

  it('composing a prompt with any values: its parts, or a PromptValueError', () => {
    const ids = ['pin.attempts_left', 'meeting.participant_count', 'reception.number_not_found', 'pin.enter'];
    const value = fc.oneof(fc.integer(), fc.double(), nastyText, fc.stringMatching(/^\d{0,25}$/));
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.dictionary(fc.constantFrom('attempts', 'count', 'number', 'other'), value),
        fc.constantFrom('en-US', 'de-DE', 'nb-NO'),
        (id, values, language) => {
          try {
            const refs = shipped.sequence([{ id, values }], { theme: 'base', language });
            expect(refs.length).toBeGreaterThan(0);
          } catch (error) {
            if (!(error instanceof PromptValueError)) throw error;
          }
        },
      ),
      params(300),
    );
  });
});

describe('any config file: settings, or a LoadError with file and line', () => {
  it('random YAML and mutated settings', () => {
    const folder = mkdtempSync(join(tmpdir(), 'foyer-fuzz-config-'));
    const file = join(folder, 'foyer.yaml');
    const sample = {
      services: 'services.yaml',
      flows: 'flows',
      log_level: 'info',
      http_port: 8088,
      language: 'en-US',
      guests_only_timeout: 60,
      tones: true,
    };
    const config = fc.oneof(
      yamlValue,
      fc.array(dataEdit(wordsOf(sample)), { maxLength: 3 }).map((edits) => editData(sample, edits)),
    );
    fc.assert(
      fc.property(config, (data) => {
        writeFileSync(file, toYaml(data));
        loadsOrExplains(() => resolveSettings({ configFile: file, env: {} }), file);
      }),
      params(200),
    );
  });
});

describe('any dialled string: an alias key, never an exception', () => {
  it('parseAlias', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyText,
          fc
            .tuple(
              fc.constantFrom('sip:', 'SIPS:', 'tel:', '<sip:', ''),
              nastyText,
              fc.constantFrom('@', '@@', ''),
              nastyText,
              fc.constantFrom(';transport=tcp', '>', ':5060', '?x=y', ''),
            )
            .map((parts) => parts.join('')),
        ),
        (dialled) => {
          const key = parseAlias(dialled);
          expect(typeof key.user).toBe('string');
        },
      ),
      params(300),
    );
  });
});
