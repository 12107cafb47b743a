import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version } from 'esbuild';

/** The page's source: TypeScript and React in `studio/` at the top of the package. */
export const PAGE_SOURCE = fileURLToPath(new URL('../../studio/', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PageAssets {
  readonly js: string;
  readonly css: string;
}

/**
 * The page, bundled by esbuild (installed with Foyer) when the studio starts: a fresh clone needs
 * no build step and nothing built is committed. A bundle is kept in node_modules/.cache, named by
 * a hash of everything it is made from, so later starts take no time.
 */
export async function bundlePage(): Promise<PageAssets> {
  const key = inputsHash();
  const cache = join(PACKAGE_ROOT, 'node_modules', '.cache', 'foyer-studio');
  const cached = { js: join(cache, `${key}.js`), css: join(cache, `${key}.css`) };
  if (existsSync(cached.js) && existsSync(cached.css))
    return { js: readFileSync(cached.js, 'utf8'), css: readFileSync(cached.css, 'utf8') };
  const assets = await buildPage();
  try {
    mkdirSync(cache, { recursive: true });
    for (const ext of ['js', 'css'] as const) {
      writeFileSync(`${cached[ext]}.${process.pid}`, assets[ext]);
      renameSync(`${cached[ext]}.${process.pid}`, cached[ext]);
    }
  } catch {
    // A read-only install: the bundle is made again next time.
  }
  return assets;
}

async function buildPage(): Promise<PageAssets> {
  const result = await build({
    entryPoints: [join(PAGE_SOURCE, 'src', 'main.tsx')],
    bundle: true,
    write: false,
    outdir: '/',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const text = (ext: string) =>
    result.outputFiles
      .filter((file) => file.path.endsWith(ext))
      .map((file) => file.text)
      .join('\n');
  return { js: text('.js'), css: text('.css') };
}

/** The page's sources, the API types it shares, the installed packages and esbuild's version. */
function inputsHash(): string {
  const hash = createHash('sha256').update(version);
  const files = [
    ...listFiles(join(PAGE_SOURCE, 'src')),
    join(PACKAGE_ROOT, 'src', 'studio', 'api-types.ts'),
    join(PACKAGE_ROOT, 'package-lock.json'),
  ];
  for (const file of files) if (existsSync(file)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function listFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}
