import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PACKAGE_ROOT } from '../config/index.js';
import { registerBlocks } from './blocks-command.js';
import { registerCheck } from './check-command.js';
import { registerDoctor } from './doctor-command.js';
import { registerDial } from './dial-command.js';
import { registerPrompts } from './prompts-command.js';
import { registerGraph } from './graph-command.js';
import { registerSimulate } from './simulate-command.js';
import { registerReload } from './reload-command.js';
import { registerServices } from './services-command.js';
import { registerStart } from './start-command.js';
import { UsageError } from './usage-error.js';

/** The version in package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `foyer` command and its subcommands; an action sets `exit.code`. */
export function buildProgram(exit: { code: number }): Command {
  const program = new Command('foyer')
    .description('Foyer: a dial-in IVR for video meetings (Virtual Reception and PIN entry)')
    .version(`foyer ${packageVersion()}`, '-V, --version', 'print the version')
    .option('--config <file>', 'config file (YAML); env FOYER_CONFIG')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });
  registerSimulate(program, exit);
  registerCheck(program, exit);
  registerPrompts(program, exit);
  registerStart(program);
  registerReload(program, exit);
  registerGraph(program, exit);
  registerBlocks(program, exit);
  registerServices(program, exit);
  registerDoctor(program, exit);
  registerDial(program, exit);
  return program;
}

/** Runs the `foyer` command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(exit);
  try {
    await program.parseAsync([...argv]);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`foyer: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`foyer: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
