import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { checkReferences } from '../bundle/index.js';
import { readServices } from '../directory/index.js';
import {
  eventlessLoops,
  flowKind,
  parseFlow,
  promptIdsOf,
  validateFlow,
  type FlowKind,
  type ValidationContext,
} from '../flows/index.js';
import { BASE_THEME, Catalogue, checkCatalogue } from '../prompts/index.js';
import { LoadError, YamlSource, type Problem } from '../yaml/index.js';
import { checkFlowGraph } from './flow-checks.js';
import { flowGraph } from '../flows/flow-graph.js';

/** Where the files to check live (the configured folders and services file). */
export interface CheckSources {
  readonly servicesFile: string;
  readonly flowsDir: string;
  readonly promptsDir: string;
  readonly defaultLanguage: string;
}

export interface CheckOptions {
  /** Prompt ids played by code rather than flows (the meeting rules): each must exist like a flow's. */
  readonly promptsPlayedByCode?: readonly string[];
}

export type FileKind = 'flow' | 'catalogue' | 'services';

export interface CheckReport {
  /** Every problem, by file and line. */
  readonly problems: readonly Problem[];
  /** How many files of each kind were checked. */
  readonly checked: Readonly<Record<FileKind, number>>;
}

const CATALOGUE_FILE = 'prompts.yaml';

/**
 * Checks everything a deployment runs on: every flow, every prompt catalogue (with what the flows
 * and the code play), the services file. Every problem found in one run: a broken file does not
 * stop the others being checked, nor its own later checks where they can still run.
 */
export function checkAll(sources: CheckSources, options: CheckOptions = {}): CheckReport {
  const problems: Problem[] = [];
  const catalogue = loadCatalogue(sources, problems);
  const flowFiles = flowFilesIn(sources.flowsDir, problems);
  for (const file of flowFiles) problems.push(...checkFlowFile(file, validationContext(sources, catalogue)));
  problems.push(...checkServicesFile(sources.servicesFile, sources, catalogue));
  if (catalogue) {
    const used = new Set(options.promptsPlayedByCode ?? []);
    for (const file of flowFiles) for (const id of promptIdsOf(rawFlow(file) ?? {})) used.add(id);
    problems.push(...checkCatalogue(catalogue, used));
  }
  return report(dedupe(problems), {
    flow: flowFiles.length,
    catalogue: catalogueFiles(sources.promptsDir).length,
    services: 1,
  });
}

/**
 * Checks the given files, each by its kind (see kindOf). A flow's prompts are checked against the
 * configured catalogue; a services file's flows, themes and languages against the configured folders.
 */
export function checkFiles(files: readonly string[], sources: CheckSources): CheckReport {
  const problems: Problem[] = [];
  const checked: Record<FileKind, number> = { flow: 0, catalogue: 0, services: 0 };
  let catalogue: Catalogue | undefined | null = null;
  const configured = () => (catalogue === null ? (catalogue = loadCatalogue(sources, problems)) : catalogue);
  for (const file of files) {
    const kind = kindOf(file, sources.flowsDir);
    if (kind === 'unknown') {
      problems.push({ file, line: 0, message: UNKNOWN_KIND, severity: 'error' });
      continue;
    }
    checked[kind] += 1;
    if (kind === 'flow') problems.push(...checkFlowFile(file, validationContext(sources, configured())));
    else if (kind === 'catalogue') problems.push(...checkCatalogueFile(file, sources.defaultLanguage));
    else problems.push(...checkServicesFile(file, sources, configured()));
  }
  return report(dedupe(problems), checked);
}

const UNKNOWN_KIND =
  'not a file foyer check knows: give a flow (YAML with states:, or under flows/), a prompt catalogue (prompts.yaml) or a services file (YAML with services:)';

/**
 * A file under a `flows` folder or with `states:` is a flow; `prompts.yaml` a catalogue; YAML
 * with `services:` a services file. Another `.yaml` file is read as a services file (whose
 * checks say what it lacks); anything else is not a file `foyer check` knows.
 */
export function kindOf(file: string, flowsDir: string): FileKind | 'unknown' {
  if (basename(file) === CATALOGUE_FILE) return 'catalogue';
  const folder = resolve(dirname(file));
  const yaml = /\.ya?ml$/i.test(file);
  if (yaml && (folder === resolve(flowsDir) || folder.split(sep).includes('flows'))) return 'flow';
  try {
    const data = YamlSource.read(file).data;
    if (typeof data === 'object' && data !== null && 'states' in data) return 'flow';
    if (typeof data === 'object' && data !== null && 'services' in data) return 'services';
  } catch {
    // Unreadable or broken YAML: a .yaml file is checked as a services file, which reports the error with its line.
  }
  return yaml ? 'services' : 'unknown';
}

/** Everything wrong with one flow file: what the loader refuses, then what its graph shows. */
export function checkFlowFile(file: string, context: ValidationContext): Problem[] {
  let source: YamlSource;
  try {
    source = YamlSource.read(file);
  } catch (error) {
    return problemsOf(error);
  }
  const name = basename(file, extname(file));
  const problems = validateFlow(source, name, context);
  if (!problems.some((problem) => problem.severity === 'error')) {
    try {
      parseFlow(source, context);
    } catch (error) {
      // Validation found no error: what is left is a loop of eventless transitions, or XState refusing the machine.
      problems.push(...problemsOf(error));
    }
  } else if (isObject(source.data)) {
    // The loader stops at the errors above; the graph's own checks still tell the designer more.
    problems.push(...safely(() => eventlessLoops(source, name)));
  }
  if (isObject(source.data))
    problems.push(...safely(() => checkFlowGraph(flowGraph(name, source.data as Record<string, unknown>), source)));
  return dedupe(problems);
}

/** A check that may not cope with a broken flow: what it finds, or nothing. */
function safely(check: () => Problem[]): Problem[] {
  try {
    return check();
  } catch {
    return [];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A flow file's data as written, or undefined when it does not read. */
function rawFlow(file: string): Record<string, unknown> | undefined {
  try {
    const data = YamlSource.read(file).data;
    return isObject(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function checkCatalogueFile(file: string, defaultLanguage: string): Problem[] {
  if (!existsSync(file)) return [{ file, line: 0, message: 'cannot read: file not found', severity: 'error' }];
  // A catalogue is read as part of a prompts folder (<folder>/<theme>/<language>/prompts.yaml): a
  // folder is made holding only this file's language folder, linked, and only its problems count.
  const languageDir = dirname(resolve(file));
  const language = basename(languageDir);
  const theme = basename(dirname(languageDir));
  const folder = mkdtempSync(join(tmpdir(), 'foyer-catalogue-'));
  try {
    mkdirSync(join(folder, theme));
    symlinkSync(languageDir, join(folder, theme, language), 'dir');
    const linked = join(folder, theme, language, CATALOGUE_FILE);
    try {
      Catalogue.load(folder, theme === BASE_THEME ? language : defaultLanguage);
      return [];
    } catch (error) {
      return problemsOf(error)
        .filter((problem) => resolve(problem.file) === linked)
        .map((problem) => ({ ...problem, file }));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function checkServicesFile(file: string, sources: CheckSources, catalogue: Catalogue | undefined): Problem[] {
  let source: YamlSource;
  try {
    source = YamlSource.read(file);
  } catch (error) {
    return problemsOf(error);
  }
  // The services that read are checked against the flows and prompts even when others did not.
  const { services, problems } = readServices(source);
  const flowFiles = flowFilesIn(sources.flowsDir, []);
  const known = {
    flows: flowFiles.map((flow) => basename(flow, extname(flow))),
    flowKinds: new Map<string, FlowKind | undefined>(
      flowFiles.map((flow) => [basename(flow, extname(flow)), flowKind(rawFlow(flow) ?? {})]),
    ),
    ...(catalogue && { themes: catalogue.themes(), languages: catalogue.languages(BASE_THEME) }),
  };
  return [...problems, ...checkReferences(source, services, known, sources)];
}

function loadCatalogue(sources: CheckSources, problems: Problem[]): Catalogue | undefined {
  try {
    return Catalogue.load(sources.promptsDir, sources.defaultLanguage);
  } catch (error) {
    problems.push(...problemsOf(error));
    return undefined;
  }
}

/** Prompt ids are checked against the catalogue when it loads (its own problems are reported apart). */
function validationContext(sources: CheckSources, catalogue: Catalogue | undefined): ValidationContext {
  return {
    hasPrompt: (id) => catalogue?.has(id) ?? true,
    promptArguments: (id) => [...(catalogue?.argumentsOf(id)?.keys() ?? [])],
    promptsWhere: `${sources.promptsDir}/${BASE_THEME}/${sources.defaultLanguage}`,
  };
}

function flowFilesIn(folder: string, problems: Problem[]): string[] {
  if (!existsSync(folder)) {
    problems.push({ file: folder, line: 0, message: 'flows folder not found', severity: 'error' });
    return [];
  }
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
}

function catalogueFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const dirs = (path: string) =>
    readdirSync(path).filter((name) => !name.startsWith('.') && statSync(join(path, name)).isDirectory());
  return dirs(folder)
    .flatMap((theme) => dirs(join(folder, theme)).map((language) => join(folder, theme, language, CATALOGUE_FILE)))
    .filter((file) => existsSync(file));
}

function problemsOf(error: unknown): Problem[] {
  if (error instanceof LoadError) return [...error.problems];
  throw error;
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.file}\n${problem.line}\n${problem.severity}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function report(problems: readonly Problem[], checked: Record<FileKind, number>): CheckReport {
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { problems: sorted, checked };
}
