import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * No Chromium to render with. Foyer never downloads a browser: install Debian's package
 * (`apt-get install chromium`) or point FOYER_CHROMIUM at one.
 */
export class ChromiumMissingError extends Error {
  constructor(tried: readonly string[]) {
    super(
      `rendering SVG needs Chromium, which was not found (looked for ${tried.join(', ')}):` +
        ' install it with apt-get install chromium, or set FOYER_CHROMIUM to its path',
    );
    this.name = 'ChromiumMissingError';
  }
}

/** Mermaid or the browser failed to draw the diagram; the message says what it reported. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

export interface RenderOptions {
  /** The browser to run; default FOYER_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH. */
  readonly chromium?: string;
  readonly timeoutMs?: number;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Renders Mermaid text to SVG with headless Chromium and Mermaid's browser bundle from
 * node_modules, loaded from a local page: no network, no browser download.
 */
export async function renderSvg(text: string, options: RenderOptions = {}): Promise<string> {
  const chromium = findChromium(options.chromium);
  const bundle = mermaidBundle();
  const dir = mkdtempSync(join(tmpdir(), 'foyer-svg-'));
  try {
    const page = join(dir, 'graph.html');
    writeFileSync(page, pageFor(text, pathToFileURL(bundle).href));
    // Virtual time lets the page's asynchronous render finish before the DOM is dumped.
    const args = [
      ...FLAGS,
      `--user-data-dir=${join(dir, 'profile')}`,
      '--virtual-time-budget=30000',
      '--dump-dom',
      pathToFileURL(page).href,
    ];
    const dom = await run(chromium, args, options.timeoutMs ?? 60_000);
    const out = /<pre id="out">([^<]*)<\/pre>/.exec(dom)?.[1] ?? '';
    if (out.startsWith('ERROR '))
      throw new RenderError(`Mermaid could not draw the diagram: ${unescapeHtml(out.slice(6))}`);
    if (out === '') throw new RenderError('Chromium finished without a diagram (did the page load Mermaid?)');
    return Buffer.from(out, 'base64').toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the browser is, or ChromiumMissingError. */
export function findChromium(explicit = process.env.FOYER_CHROMIUM): string {
  const candidates = explicit
    ? [explicit]
    : [
        '/usr/bin/chromium',
        ...(process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, 'chromium')),
      ];
  const found = candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) throw new ChromiumMissingError(explicit ? [explicit] : ['/usr/bin/chromium', 'chromium on PATH']);
  return found;
}

function mermaidBundle(): string {
  try {
    return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new RenderError(
      'the mermaid package is not installed (it is a development dependency: run npm ci in the Foyer folder)',
    );
  }
}

/** A page that draws `text` and leaves the SVG, base64-encoded, in <pre id="out">. */
function pageFor(text: string, bundleUrl: string): string {
  const source = JSON.stringify(text).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><script src="${bundleUrl}"></script></head>
<body><pre id="out"></pre>
<script>
const out = document.getElementById('out');
const base64 = (svg) => { let binary = ''; for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte); return btoa(binary); };
try {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false } });
  mermaid.render('foyer-graph', ${source}).then(({ svg }) => { out.textContent = base64(svg); }, (error) => { out.textContent = 'ERROR ' + error; });
} catch (error) {
  out.textContent = 'ERROR ' + error;
}
</script></body></html>
`;
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new RenderError(
              `${command} failed: ${error.message.split('\n')[0]}${stderr ? `\n${lastLines(stderr)}` : ''}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join('\n');
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
