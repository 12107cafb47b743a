import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { checkAll, checkFiles, registryReference, type CheckReport } from '../design/index.js';
import type { Settings } from '../config/index.js';
import { formatProblem, LoadError, type Problem } from '../yaml/index.js';
import { MEETING_PROMPTS } from '../meetings/index.js';
import { bundleFor, settingsFor } from './load.js';
import { settingOption } from './setting-options.js';
import { UsageError } from './usage-error.js';

interface CheckOptions {
  list?: boolean;
  strict?: boolean;
}

/**
 * `foyer check [FILES...]`: validates flows, prompt catalogues and the services file, and reports
 * every problem as `file:line: message` (warnings as `file:line: warning: message`). Exit 0 when
 * no problem is an error, 1 otherwise, 2 for a usage error. `--list` prints the reference of the
 * named pieces a flow may use.
 */
export function registerCheck(program: Command, exit: { code: number }): void {
  program
    .command('check')
    .description('validate flows, prompt catalogues and the services file (all of them, or the FILES given)')
    .argument(
      '[files...]',
      'files to check: flows (under flows/ or with states:), prompts.yaml catalogues, services files',
    )
    .option('--list', 'print the reference of named actions, guards, actors, events and delays (Markdown)')
    .option(
      '--strict',
      'treat warnings as errors (untranslated prompts, prompts without audio): the gate before a release',
    )
    .addOption(settingOption('servicesFile'))
    .addOption(settingOption('flowsDir'))
    .addOption(settingOption('promptsDir'))
    .action((files: string[], options: CheckOptions, command: Command) => {
      if (options.list) {
        if (files.length > 0) throw new UsageError('check --list prints the reference; it takes no files');
        process.stdout.write(registryReference());
        exit.code = 0;
        return;
      }
      for (const file of files) {
        if (!existsSync(file)) throw new UsageError(`check: ${file}: no such file`);
        if (!statSync(file).isFile())
          throw new UsageError(`check: ${file} is not a file (give files, or nothing to check everything)`);
      }
      const settings = settingsFor(command);
      const report =
        files.length > 0
          ? checkFiles(files, settings)
          : withPromptChecks(checkAll(settings, { promptsPlayedByCode: MEETING_PROMPTS }), settings);
      exit.code = print(options.strict ? asErrors(report) : report);
    });
}

/**
 * When everything loads, also prove the prompts complete and current as a call would use them:
 * every id used (flows and meeting rules) in every shipped language, valid and fresh audio.
 */
function withPromptChecks(report: CheckReport, settings: Settings): CheckReport {
  if (report.problems.some((problem) => problem.severity === 'error')) return report;
  try {
    bundleFor(settings, { checkPrompts: true });
    return report;
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    const seen = new Set(report.problems.map(formatProblem));
    return { ...report, problems: [...report.problems, ...error.problems.filter((p) => !seen.has(formatProblem(p)))] };
  }
}

/** `--strict`: work in progress (untranslated prompts, prompts without audio) is not fit for a release. */
function asErrors(report: CheckReport): CheckReport {
  return { ...report, problems: report.problems.map((problem) => ({ ...problem, severity: 'error' as const })) };
}

function print(report: CheckReport): number {
  for (const problem of report.problems) process.stdout.write(`${formatProblem(shortened(problem))}\n`);
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const { flow, catalogue, services } = report.checked;
  const checked = [count(flow, 'flow'), count(catalogue, 'prompt catalogue'), count(services, 'services file')]
    .filter(Boolean)
    .join(', ');
  if (errors === 0) {
    process.stdout.write(`ok: ${checked}${warnings > 0 ? `; ${count(warnings, 'warning')}` : ''}\n`);
    return 0;
  }
  process.stderr.write(
    `${count(errors, 'error')}${warnings > 0 ? `, ${count(warnings, 'warning')}` : ''}${checked ? ` in ${checked}` : ''}\n`,
  );
  return 1;
}

/** A file inside the working folder is named relative to it, as the user would type it. */
function shortened(problem: Problem): Problem {
  const path = relative(process.cwd(), problem.file);
  const inside = path !== '' && !path.startsWith('..') && !isAbsolute(path);
  return inside ? { ...problem, file: path, message: problem.message.replaceAll(`${process.cwd()}/`, '') } : problem;
}

function count(n: number, what: string): string {
  if (n === 0) return '';
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
