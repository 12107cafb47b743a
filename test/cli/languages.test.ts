import { describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/files.js';
import { jsonLines, runCli } from '../helpers/cli.js';

const SERVICES = tempFile(
  'services.yaml',
  `services:
  - name: Reception
    type: reception
    aliases: ["8000"]
  - name: Friendly reception
    type: reception
    aliases: ["8100"]
    theme: friendly
  - name: Berlin
    type: vmr
    aliases: ["4900"]
    host_pin: "1234"
    language: de-DE
  - name: Oslo
    type: vmr
    aliases: ["4700"]
    host_pin: "1234"
    language: nb-NO
  - name: Boston
    type: vmr
    aliases: ["1100"]
    host_pin: "1234"
`,
);

async function heard(to: string, keys: string, ...extra: string[]) {
  const run = await runCli('simulate', '--to', to, '--keys', keys, '--json', '--services', SERVICES, ...extra);
  expect(run.code).toBe(0);
  const lines = jsonLines(run.stdout);
  return { prompts: lines.filter((line) => line.type === 'prompt'), end: lines.at(-1)! };
}

describe('the caller hears the language of the service they are in', () => {
  it('a room with language: de-DE speaks German, attempts left included', async () => {
    const { prompts, end } = await heard('4900', ',,,,,,,,1111#,,,,,,,,,,,1234#');
    expect(prompts.map((prompt) => prompt.text)).toEqual([
      'Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste.',
      'Diese PIN ist ungültig. Bitte versuchen Sie es noch einmal.',
      'Sie haben noch zwei Versuche.',
      'Sie sind die erste Person in der Konferenz.',
    ]);
    expect(end).toMatchObject({ outcome: 'joined', service: 'Berlin', role: 'host' });
  });

  it("the reception's language applies until the hand-off, then the room's", async () => {
    const { prompts } = await heard('8000', ',,,,,,,,,,,4900#');
    expect(prompts.map((prompt) => [prompt.id, prompt.text])).toEqual([
      ['reception.enter_number', 'Please enter the number you wish to connect to, followed by the pound key.'],
      ['reception.please_hold', 'Please hold while I try to connect you.'],
      ['pin.enter', 'Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste.'],
      ['pin.enter', 'Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste.'],
      ['pin.enter', 'Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste.'],
      ['pin.no_input', 'Sie haben keine PIN eingegeben. Ich beende jetzt den Anruf.'],
    ]);
  });

  it('a room with language: nb-NO speaks Norwegian', async () => {
    const { prompts } = await heard('4700', ',,,,,,,,1111#,,,,,,,,,,,1234#');
    expect(prompts.map((prompt) => prompt.text)).toEqual([
      'Tast PIN-koden til møtet, og avslutt med firkant.',
      'PIN-koden er ugyldig. Prøv igjen.',
      'Du har to forsøk igjen.',
      'Du er den første i møtet.',
    ]);
  });

  it('--language overrides every service, reception and room alike', async () => {
    const { prompts } = await heard('8000', ',,,,,,,,,,,9999#,,,,,,,,1100#', '--language', 'nb-NO');
    expect(prompts.slice(0, 4).map((prompt) => prompt.text)).toEqual([
      'Tast nummeret du vil kobles til, og avslutt med firkant.',
      'Nummeret ni ni ni ni er ugyldig. Prøv igjen.',
      'Vent litt mens jeg prøver å koble deg til.',
      'Tast PIN-koden til møtet, og avslutt med firkant.',
    ]);
  });

  it('a composed prompt is one prompt event with its whole text and the ids of its parts', async () => {
    const { prompts } = await heard('8000', ',,,,,,,,,,,1234#', '--language', 'de-DE');
    expect(prompts[1]).toMatchObject({
      type: 'prompt',
      id: 'reception.number_not_found',
      text: 'Die Nummer eins zwo drei vier ist ungültig. Bitte versuchen Sie es noch einmal.',
      parts: [
        'reception.number_not_found--1',
        'digit.1',
        'digit.2',
        'digit.3',
        'digit.4',
        'reception.number_not_found--2',
      ],
    });
  });
});

describe('themes', () => {
  it('a service with theme: friendly hears its one prompt, and base for the rest', async () => {
    const { prompts } = await heard('8100', ',,,,,,,,,,,,1100#1234#');
    expect(prompts.map((prompt) => prompt.text)).toEqual([
      'Hello, and welcome! Key in the number of the meeting you would like to join, then press the pound key.',
      'Please hold while I try to connect you.',
      'You are the first participant.',
    ]);
  });

  it('--theme friendly overrides the service’s theme', async () => {
    const { prompts } = await heard('8000', ',,,,,,,,,,,,1100#1234#', '--theme', 'friendly');
    expect(prompts[0]!.text).toMatch(/^Hello, and welcome!/);
  });

  it('an unknown theme or language is a usage error', async () => {
    expect(
      (await runCli('simulate', '--to', '8000', '--keys', '', '--theme', 'grumpy', '--services', SERVICES)).code,
    ).toBe(2);
    expect(
      (await runCli('simulate', '--to', '8000', '--keys', '', '--language', 'fr-FR', '--services', SERVICES)).code,
    ).toBe(2);
  });
});
