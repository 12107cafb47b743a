import { launchChromium } from './test/helpers/chromium.js';
import { startStudioHarness } from './test/helpers/studio-harness.js';
const harness = await startStudioHarness();
const browser = await launchChromium();
const page = await browser.context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
await page.goto(harness.studio.url);
await page.locator('[data-flow="virtual-reception"][data-state]').first().waitFor();
await page.locator('[data-tab="call"]').click();
await page.locator('[data-speed="4"]').click();
await page.locator('[data-action="call"]').click();
for (let i = 0; i < 12; i++) {
  await page.waitForTimeout(500);
  const info = await page.evaluate(() => {
    const n = document.querySelector('[data-state="waiting"]') as HTMLElement | null;
    if (!n) return 'none';
    const w = n.closest('.react-flow__node') as HTMLElement;
    const r = n.getBoundingClientRect();
    return `${n.getAttribute('data-active')} ${r.width}x${r.height} vis=${getComputedStyle(w).visibility} wrapstyle=${w.getAttribute('style')}`;
  });
  console.log(i, info);
}
await page.screenshot({ path: '/tmp/shot3.png' });
await browser.close();
await harness.close();
