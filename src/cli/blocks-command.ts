import type { Command } from 'commander';
import type { Settings } from '../config/index.js';
import { createLogger, usageLogFor } from '../observability/index.js';
import { blockView, createGuard, type BlockView } from '../security/index.js';
import { wallClock } from '../time/index.js';
import { settingsFor } from './load.js';
import { settingOption } from './setting-options.js';
import { UsageError } from './usage-error.js';

interface BlocksOptions {
  json?: boolean;
  source?: string;
  room?: string;
}

/** How `foyer blocks` reaches the blocks: Redis itself, or the running Foyer's HTTP port. */
interface BlockAccess {
  readonly where: string;
  list(): Promise<BlockView[]>;
  /** The lifted block, or undefined when none was in force. */
  lift(kind: 'source' | 'room', subject: string): Promise<BlockView | undefined>;
  close(): Promise<void>;
}

/** `foyer blocks [list] | lift --source ID | --room NAME`: the blocks in force, and lifting one. */
export function registerBlocks(program: Command, exit: { code: number }): void {
  const blocks = program
    .command('blocks')
    .description(
      'list the blocks of abuse resistance in force, or lift one (through FOYER_REDIS_URL when set, else the running Foyer on 127.0.0.1:FOYER_HTTP_PORT)',
    )
    .addOption(settingOption('httpPort'))
    .option('--json', 'JSON instead of a table');
  blocks
    .command('list', { isDefault: true })
    .description('the blocks in force')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<BlocksOptions>();
      await withAccess(command, async (access) => {
        const list = await access.list();
        if (options.json) process.stdout.write(`${JSON.stringify(list)}\n`);
        else process.stdout.write(list.length === 0 ? `no blocks in force (${access.where})\n` : `${table(list)}\n`);
      });
      exit.code = 0;
    });
  blocks
    .command('lift')
    .description('end a block at once (and forget its count and repeats)')
    .option('--source <id>', 'the blocked source, as listed')
    .option('--room <name>', 'the blocked room, by name')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<BlocksOptions>();
      if ((options.source === undefined) === (options.room === undefined))
        throw new UsageError('blocks lift needs --source ID or --room NAME (one of them)');
      const [kind, subject] =
        options.source !== undefined ? (['source', options.source] as const) : (['room', options.room!] as const);
      await withAccess(command, async (access) => {
        const lifted = await access.lift(kind, subject);
        if (options.json) process.stdout.write(`${JSON.stringify(lifted ?? null)}\n`);
        else
          process.stdout.write(
            lifted
              ? `lifted: ${kind} ${subject} (was blocked until ${lifted.until})\n`
              : `no block in force for ${kind} ${subject}\n`,
          );
        exit.code = lifted ? 0 : 1;
      });
    });
}

async function withAccess(command: Command, work: (access: BlockAccess) => Promise<void>): Promise<void> {
  const settings = settingsFor(command);
  const access = settings.redisUrl ? redisAccess(settings) : httpAccess(settings.httpPort);
  try {
    await work(access);
  } finally {
    await access.close();
  }
}

/** Straight to Redis: what every Foyer process sharing it sees. A lift goes to this command's usage log. */
function redisAccess(settings: Settings): BlockAccess {
  const usage = usageLogFor(settings.usageLog);
  const guard = createGuard(settings, { clock: wallClock, logger: createLogger({ level: 'warn' }), usage });
  return {
    where: `Redis ${settings.redisUrl.replace(/\/\/[^@/]*@/, '//…@')}`,
    list: async () => (await guard.blocks()).map((block) => blockView(block, wallClock.now())),
    lift: async (kind, subject) => {
      const block = await guard.lift({ kind, id: subject });
      return block && blockView(block, wallClock.now());
    },
    close: async () => {
      await guard.close();
      await usage.close?.();
    },
  };
}

/** The running Foyer's loopback HTTP port (it writes the unblock to its own usage log). */
function httpAccess(port: number): BlockAccess {
  const base = `http://127.0.0.1:${port}`;
  const call = async (path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, init);
    } catch (error) {
      throw new Error(
        `cannot reach Foyer at ${base} (${(error as { cause?: { code?: string; message?: string } }).cause?.code ?? (error as { cause?: Error }).cause?.message ?? (error as Error).message}): is foyer start running with this FOYER_HTTP_PORT? With several processes, set FOYER_REDIS_URL`,
      );
    }
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      throw new Error(
        `${base}${path} answered ${response.status} with something other than Foyer's JSON: is another program on that port? Set FOYER_HTTP_PORT (or --http-port) to Foyer's`,
      );
    }
  };
  return {
    where: `Foyer at ${base}`,
    list: async () => {
      const { status, body } = await call('/blocks');
      if (status !== 200) throw new Error(`${base}/blocks answered ${status}: ${String(body.error ?? '')}`);
      return body.blocks as BlockView[];
    },
    lift: async (kind, subject) => {
      const { status, body } = await call('/blocks/lift', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, subject }),
      });
      if (status === 404) return undefined;
      if (status !== 200) throw new Error(`${base}/blocks/lift answered ${status}: ${String(body.error ?? '')}`);
      return body.lifted as BlockView;
    },
    close: async () => undefined,
  };
}

function table(blocks: readonly BlockView[]): string {
  const rows = blocks.map((block) => [
    block.kind,
    block.subject,
    block.reason,
    `until ${block.until}`,
    `${Math.ceil(block.seconds_left / 60)} min left`,
  ]);
  const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
