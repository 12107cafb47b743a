import { Command, CommanderError } from 'commander';
import { registerBlocks } from './blocks-command.js';
import { registerCheck } from './check-command.js';
import { registerPrompts } from './prompts-command.js';
import { registerGraph } from './graph-command.js';
import { registerSimulate } from './simulate-command.js';
import { registerReload } from './reload-command.js';
import { registerStart } from './start-command.js';
import { registerStudio } from './studio-command.js';
import { UsageError } from './usage-error.js';

/** Runs the `foyer` command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('foyer')
    .description('Foyer: a dial-in IVR for video meetings (Virtual Reception and PIN entry)')
    .option('--config <file>', 'config file (YAML); also FOYER_CONFIG')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });
  const exit = { code: 0 };
  registerSimulate(program, exit);
  registerCheck(program, exit);
  registerPrompts(program, exit);
  registerStart(program);
  registerReload(program, exit);
  registerGraph(program, exit);
  registerBlocks(program, exit);
  registerStudio(program);
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
