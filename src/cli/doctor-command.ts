import type { Command } from 'commander';
import { parseHostPortSecret, parseMediaServers } from '../config/index.js';
import { BASE_THEME } from '../prompts/index.js';
import { createMrf, createSrf, runDoctor, type Finding } from '../telephony/index.js';
import { bundleFor, settingsFor } from './load.js';
import { addSettingOptions } from './setting-options.js';

/**
 * `foyer doctor`: connects to the configured drachtio-server and FreeSWITCH, runs the checks Foyer
 * runs at connect, places one test call through FreeSWITCH to itself, and prints what is fine and
 * what to fix. Exit 0 when nothing failed (warnings allowed), 1 otherwise.
 */
export function registerDoctor(program: Command, exit: { code: number }): void {
  const command = program
    .command('doctor')
    .description('check drachtio-server and FreeSWITCH for what Foyer needs, with one test call');
  addSettingOptions(command, ['drachtio', 'freeswitch', 'servicesFile', 'promptsDir']).action(
    async (_options: unknown, command: Command) => {
      const settings = settingsFor(command);
      const bundle = bundleFor(settings);
      const prompt = bundle.catalogue.resolve('call.goodbye', {
        theme: BASE_THEME,
        language: settings.defaultLanguage,
      });
      const [listenAddress, listenPort] = settings.fsmrfListen.split(':');
      const drachtio = parseHostPortSecret(settings.drachtio, 'FOYER_DRACHTIO (--drachtio, drachtio)');
      const findings: Finding[] = [];
      // Each FreeSWITCH of the pool in turn, with its own test call; drachtio-server is reported once.
      for (const [index, freeswitch] of parseMediaServers(settings.freeswitch, FREESWITCH_SETTING).entries()) {
        const srf = createSrf();
        const found = await runDoctor({
          drachtio,
          freeswitch,
          listenAddress: listenAddress || '127.0.0.1',
          ...(listenPort && { listenPort: Number(listenPort) }),
          conferenceProfile: settings.conferenceProfile,
          promptFile: `${settings.promptBase.replace(/\/+$/, '')}/${prompt.file}`,
          srf,
          mrf: createMrf(srf),
        });
        findings.push(...found.filter((finding) => index === 0 || finding.subject !== 'drachtio-server'));
      }
      process.stdout.write(formatFindings(findings));
      exit.code = findings.some((finding) => finding.status === 'fail') ? 1 : 0;
    },
  );
}

const FREESWITCH_SETTING = 'FOYER_FREESWITCH (--freeswitch, freeswitch)';

const MARK: Record<Finding['status'], string> = { ok: 'ok  ', warning: 'warn', fail: 'FAIL' };

/** One line per finding, its fix indented below it. */
export function formatFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((finding) => finding.subject.length));
  return findings
    .map((finding) => {
      const line = `${MARK[finding.status]}  ${finding.subject.padEnd(width)}  ${finding.message}\n`;
      return finding.fix ? `${line}      ${' '.repeat(width)}  fix: ${finding.fix}\n` : line;
    })
    .join('');
}
