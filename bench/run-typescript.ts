import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node's arguments that run a TypeScript file of this checkout in a child process, the way
 * `foyer` runs itself (bin/typescript.js): the benchmark's processes are measured as Foyer runs.
 */
export const RUN_TYPESCRIPT = [
  '--import',
  pathToFileURL(fileURLToPath(new URL('../bin/typescript.js', import.meta.url))).href,
] as const;
