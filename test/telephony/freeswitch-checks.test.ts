import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFreeswitch } from '../../src/telephony/index.js';
import { FIXTURES } from '../helpers/bundle.js';

/**
 * FreeSWITCH v1.10.12's answers, recorded from its event socket (test/fixtures/freeswitch/):
 * conference-stock.xml from its vanilla conference.conf.xml, conference-foyer.xml with Foyer's profile
 * added, switch-debug.xml is switch-notice.xml with the vanilla configuration's loglevel (debug).
 */
const recorded = (name: string) => readFileSync(join(FIXTURES, 'freeswitch', name), 'utf8');

function freeswitch(answers: Record<string, string>) {
  const asked: string[] = [];
  const api = (command: string) => {
    asked.push(command);
    const answer = answers[command];
    return answer === undefined ? Promise.reject(new Error(`unexpected command ${command}`)) : Promise.resolve(answer);
  };
  return { api, asked };
}

const ALL_MODULES = {
  'module_exists mod_dptools': 'true',
  'module_exists mod_sndfile': 'true',
  'module_exists mod_conference': 'true',
  'module_exists mod_commands': 'true',
};

describe('what Foyer checks on a FreeSWITCH at connect', () => {
  it('finds nothing missing on a stock conference.conf.xml: the foyer profile is not needed', async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'xml_locate configuration configuration name switch.conf': recorded('switch-notice.xml'),
      'xml_locate configuration configuration name conference.conf': recorded('conference-stock.xml'),
    });
    expect(await checkFreeswitch(api, 'foyer')).toEqual([]);
  });

  it("finds nothing missing with Foyer's own profile installed", async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'xml_locate configuration configuration name switch.conf': recorded('switch-notice.xml'),
      'xml_locate configuration configuration name conference.conf': recorded('conference-foyer.xml'),
    });
    expect(await checkFreeswitch(api, 'foyer')).toEqual([]);
  });

  it('names a missing module, what it is for and where to load it; missing playback or conferences is fatal', async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'module_exists mod_sndfile': 'false',
      'module_exists mod_commands': 'false',
      'xml_locate configuration configuration name switch.conf': recorded('switch-notice.xml'),
      'xml_locate configuration configuration name conference.conf': recorded('conference-stock.xml'),
    });
    const problems = await checkFreeswitch(api, 'foyer');
    expect(problems.map((problem) => [problem.severity, problem.setting])).toEqual([
      ['fatal', 'mod_sndfile'],
      ['warning', 'mod_commands'],
    ]);
    expect(problems[0]!.message).toContain("reads the prompts' WAV files");
    expect(problems[0]!.fix).toContain('modules.conf.xml');
  });

  it('warns when FreeSWITCH logs at a level that writes the keys callers press', async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'xml_locate configuration configuration name switch.conf': recorded('switch-debug.xml'),
      'xml_locate configuration configuration name conference.conf': recorded('conference-stock.xml'),
    });
    const [problem] = await checkFreeswitch(api, 'foyer');
    expect(problem).toMatchObject({ severity: 'warning', setting: 'loglevel' });
    expect(problem!.message).toMatch(/logs at debug: .*PINs.*notice/);
    expect(problem!.fix).toContain('switch.conf.xml');
  });

  it('warns about profile sounds callers would hear when Foyer is told to use the stock default profile', async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'xml_locate configuration configuration name switch.conf': recorded('switch-notice.xml'),
      'xml_locate configuration configuration name conference.conf': recorded('conference-stock.xml'),
    });
    const problems = await checkFreeswitch(api, 'default');
    expect(problems.map((problem) => problem.setting)).toContain('conference profile "default": alone-sound');
    expect(problems.every((problem) => problem.severity === 'warning')).toBe(true);
  });

  it('takes an answer it cannot read as nothing to report (never a crash)', async () => {
    const { api } = freeswitch({
      ...ALL_MODULES,
      'xml_locate configuration configuration name switch.conf': "can't find anything",
      'xml_locate configuration configuration name conference.conf': '<configuration><profiles><profile',
    });
    expect(await checkFreeswitch(api, 'foyer')).toEqual([]);
  });
});
