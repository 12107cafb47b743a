/**
 * `npm run studio:screenshot`: the README's picture of the studio, made from a real run: the
 * shipped flows, prompts and example services, a call to the reception keyed through the page's
 * keypad, stopped while the caller hears the room's PIN prompt. Needs Chromium (apt-get install
 * chromium). Writes docs/studio.png; reads everything else.
 */
import { join } from 'node:path';
import { loadBundle } from '../src/bundle/index.js';
import { DEFAULTS, PACKAGE_ROOT } from '../src/config/index.js';
import { DEFAULT_MEETING_SETTINGS } from '../src/meetings/index.js';
import { silentLogger } from '../src/observability/index.js';
import { bundlePage, FlowFiles, startStudioServer } from '../src/studio/index.js';
import { CHROMIUM, hasChromium, launchChromium } from '../test/helpers/chromium.js';

if (!hasChromium()) {
  process.stderr.write(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set FOYER_CHROMIUM\n`);
  process.exit(1);
}
const output = join(PACKAGE_ROOT, 'docs', 'studio.png');
const studio = await startStudioServer({
  host: '127.0.0.1',
  port: 0,
  root: PACKAGE_ROOT,
  sources: DEFAULTS,
  flows: new FlowFiles(DEFAULTS.flowsDir),
  loadBundle: () => loadBundle(DEFAULTS),
  checkPrompts: () => [],
  meetingSettings: DEFAULT_MEETING_SETTINGS,
  logger: silentLogger,
  page: await bundlePage(),
});
const browser = await launchChromium({ width: 1440, height: 860 });
try {
  const page = await browser.context.newPage();
  await page.goto(studio.url);
  await page.locator('[data-tab="call"]').click();
  await page.locator('[data-speed="4"]').click();
  await page.locator('[data-field="to"]').fill('8000');
  await page.locator('[data-action="call"]').click();
  await page.locator('[data-state="waiting"][data-active="true"]').waitFor({ timeout: 30_000 });
  for (const key of '1001#') await page.locator(`[data-key="${key}"]`).click();
  await page
    .locator('[data-flow="pin-entry"][data-state="prompting"][data-active="true"]')
    .waitFor({ timeout: 30_000 });
  await page.locator('[data-flow="pin-entry"][data-state="collecting"]').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: output });
  await page.locator('[data-action="hangup"]').click();
  process.stdout.write(`wrote ${output}\n`);
} finally {
  await browser.close();
  await studio.close();
}
