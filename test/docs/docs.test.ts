import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * README.md and docs/ as a newcomer reads them: short enough, every link leads somewhere, and
 * every command shown works. Commands shown with their output (```console blocks, `$ npx foyer
 * ...` then what it prints) are run and must print exactly that; `npx foyer` lines in ```sh
 * blocks must name a command and options that exist.
 */
const DOCS = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).map((name) => `docs/${name}`)].filter((file) =>
  file.endsWith('.md'),
);
const read = (file: string) => readFileSync(join(PACKAGE_ROOT, file), 'utf8');

interface Block {
  readonly language: string;
  readonly lines: string[];
  readonly line: number;
}

function codeBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split('\n').forEach((line, index) => {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && !current) current = { language: fence[1] ?? '', lines: [], line: index + 1 };
    else if (fence && current) {
      blocks.push(current);
      current = undefined;
    } else current?.lines.push(line);
  });
  return blocks;
}

/** The text outside code blocks (links inside them are examples, not links). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = read(file).replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!)));
}

/** Words of a shell command line: quotes, a trailing comment and [optional] brackets handled. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if (char === '#' && !started) break;
    else {
      word += char;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** Checks a `foyer` command line against the real command tree, without running it. */
function commandProblems(args: readonly string[]): string[] {
  let command: Command = buildProgram({ code: 0 });
  const chain = [command];
  const problems: string[] = [];
  for (const raw of args) {
    const arg = raw.replace(/^\[|\]$/g, '');
    if (arg.startsWith('-')) {
      const flag = arg.split('=')[0]!;
      const known = chain.some((level) =>
        level.options.some((option) => option.long === flag || option.short === flag),
      );
      if (!known && !['--help', '-h'].includes(flag)) problems.push(`${command.name()}: no option ${flag}`);
      continue;
    }
    const sub = command.commands.find((candidate) => candidate.name() === arg);
    if (sub) {
      command = sub;
      chain.push(sub);
    }
  }
  if (command === chain[0] && !args.some((arg) => arg.startsWith('--version'))) problems.push('no command named');
  return problems;
}

describe('README.md', () => {
  const readme = read('README.md');

  it('fits the budget: at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('shows exactly two commands under "Two commands": one runs Foyer, one runs the tests', () => {
    const section = readme.slice(
      readme.indexOf('## Two commands'),
      readme.indexOf('\n## ', readme.indexOf('## Two commands') + 1),
    );
    const sh = codeBlocks(section).find((block) => block.language === 'sh')!;
    const commands = sh.lines.filter((line) => line.trim() !== '').map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npx foyer start', 'npm test']);
  });

  it('says that npm test takes a few minutes, what skips without which tool, and to run from the checkout', () => {
    expect(readme).toContain('`npm test` takes a few minutes');
    for (const tool of ['espeak-ng', 'sox', 'Chromium', 'tmux', 'redis-server', 'drachtio-server and FreeSWITCH'])
      expect(readme).toContain(tool);
    expect(readme).toMatch(/Run Foyer from the checkout/);
  });

  it('links every page of docs/', () => {
    for (const file of DOCS.filter((doc) => doc.startsWith('docs/'))) expect(readme).toContain(`](${file})`);
  });
});

describe('every relative link in README.md and docs/ leads to a file, and to a heading when it names one', () => {
  for (const file of DOCS) {
    it(file, () => {
      const broken: string[] = [];
      for (const match of prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? join(PACKAGE_ROOT, file) : resolve(dirname(join(PACKAGE_ROOT, file)), path);
        if (!existsSync(resolved)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor === undefined) continue;
        const doc = relative(PACKAGE_ROOT, resolved);
        if (statSync(resolved).isDirectory() || !doc.endsWith('.md'))
          broken.push(`${target}: an anchor on a file that is not Markdown`);
        else if (!anchorsOf(doc).has(anchor)) broken.push(`${target}: ${doc} has no heading #${anchor}`);
      }
      expect(broken).toEqual([]);
    });
  }
});

describe('every command shown with its output prints exactly that', () => {
  for (const file of DOCS) {
    const runs = codeBlocks(read(file))
      .filter((block) => block.language === 'console')
      .flatMap((block) => {
        const found: { command: string; expected: string[]; line: number }[] = [];
        block.lines.forEach((line, index) => {
          if (line.startsWith('$ ')) found.push({ command: line.slice(2), expected: [], line: block.line + index + 1 });
          else found.at(-1)?.expected.push(line);
        });
        return found;
      });
    for (const { command, expected, line } of runs) {
      it(`${file}:${line}: ${command}`, async () => {
        const words = shellWords(command);
        expect(words.slice(0, 2), 'only foyer commands are run').toEqual(['npx', 'foyer']);
        const run = await runCli(...words.slice(2));
        expect(run.stdout).toBe(expected.map((text) => `${text}\n`).join(''));
      });
    }
  }
});

describe('every foyer command line in a sh block names a command and options that exist', () => {
  for (const file of DOCS) {
    const lines = codeBlocks(read(file))
      .filter((block) => block.language === 'sh')
      .flatMap((block) => block.lines)
      .map(shellWords)
      .filter((words) => words[0] === 'npx' && words[1] === 'foyer');
    if (lines.length === 0) continue;
    it(file, () => {
      for (const words of lines) expect(commandProblems(words.slice(2)), words.join(' ')).toEqual([]);
    });
  }
});
