// Module hooks that run Foyer's TypeScript sources in Node without a build step (registered by
// bin/typescript.js). Each .ts file is turned into JavaScript by esbuild when first imported:
// types removed, nothing else changed. tsx did this before, but it also wraps every function
// created at run time in a call that sets its name (esbuild's keepNames, which tsx always turns
// on), and a call's many short-lived closures then cost a quarter more CPU and a third more heap
// (docs/performance.md). Names need no keeping here: nothing is minified.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { transform, version } from 'esbuild';

/** What the project's tsconfig.json decides about the JavaScript emitted (class fields as ES2022 defines them). */
const TSCONFIG = { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } };

/** TypeScript's ESM convention: `./x.js` in a .ts file names `./x.ts`. */
export async function resolve(specifier, context, nextResolve) {
  const { parentURL } = context;
  if (parentURL?.endsWith('.ts') && specifier.endsWith('.js') && /^\.{1,2}\//.test(specifier)) {
    const typescript = new URL(`${specifier.slice(0, -3)}.ts`, parentURL);
    if (existsSync(typescript)) return { url: typescript.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

/** Files already turned into JavaScript, by a hash of their path, text and esbuild's version: a process starts in half the time. */
const CACHE = join(tmpdir(), `foyer-typescript-${userInfo().uid}`);

/** Only a folder of this user's, that nobody else can write to, is trusted with code to run. */
const cacheIsOurs = mkdir(CACHE, { recursive: true, mode: 0o700 })
  .then(() => stat(CACHE))
  .then((folder) => folder.isDirectory() && folder.uid === userInfo().uid && (folder.mode & 0o022) === 0)
  .catch(() => false);

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const cached = join(CACHE, `${createHash('sha256').update(`${version}\0${path}\0${source}`).digest('hex')}.js`);
  const ours = await cacheIsOurs;
  const code = await (ours ? readFile(cached, 'utf8') : Promise.reject(new Error('no cache'))).catch(async () => {
    const { code: compiled } = await transform(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: path,
      tsconfigRaw: TSCONFIG,
    });
    if (ours) await keep(cached, compiled);
    return compiled;
  });
  return { format: 'module', source: code, shortCircuit: true };
}

/** Writes the cache entry whole or not at all; a cache that cannot be written is only slower. */
async function keep(file, code) {
  const partial = `${file}.${process.pid}`;
  try {
    await writeFile(partial, code);
    await rename(partial, file);
  } catch {
    // Read-only or full: every start transforms again.
  }
}
