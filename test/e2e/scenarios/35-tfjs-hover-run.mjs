// TensorFlow.js in the real workbench: hovering w1's `tf.variable(tf.randomNormal(…))` in seed_manual.ts shows its
// init statistics against tfjs's Dense default and PyTorch's (from the tfjs engine), and the loop's "▶ Run & plot"
// lens runs the TypeScript program on the tfjs engine to its end in the panel.
import assert from 'node:assert/strict';
import { openFile, webview } from '../lib/workbench.mjs';
import { clickLens } from '../lib/ui-helpers.mjs';

/** Hovers the editor line starting with `lineStart` (its `variable` token) until a Loss Lens hover shows. */
async function hoverLine(page, lineStart, column, { timeoutMs = 90_000 } = {}) {
  const line = page.locator('.editor-instance .view-lines .view-line', { hasText: lineStart }).first();
  await line.waitFor({ timeout: 30_000 });
  const hover = page.locator('.monaco-hover:visible', { hasText: 'Loss Lens' });
  const end = Date.now() + timeoutMs;
  for (;;) {
    const box = await line.boundingBox().catch(() => null);
    const span = await line.locator('span > span', { hasText: column }).first().boundingBox().catch(() => null);
    if (!box || !span) {
      if (Date.now() > end) throw new Error(`the editor line "${lineStart}" never got a layout box`);
      await page.waitForTimeout(250);
      continue;
    }
    await page.mouse.move(box.x + box.width + 200, box.y + 300);
    await page.mouse.move(span.x + 3, span.y + span.height / 2);
    if (await hover.first().waitFor({ timeout: 6_000 }).then(() => true, () => false)) return (await hover.first().innerText()).trim();
    if (Date.now() > end) throw new Error(`no Loss Lens hover on "${lineStart}" within ${timeoutMs / 1000}s`);
  }
}

export default {
  title: 'TensorFlow.js: init hover on w1 in seed_manual.ts, and its loop run from the lens on the tfjs engine',
  timeoutMs: 240_000,
  async run(t) {
    const page = await t.openWorkbench();
    await openFile(page, 'seed_manual.ts');
    const w1 = await hoverLine(page, 'const w1 = tf.variable', 'variable');
    t.log(`w1 hover: ${w1.split('\n').slice(0, 2).join(' / ')}`);
    assert.match(w1, /w1: std \S+ is 2[67]× tfjs's Dense default 0\.0375 and 5[45]× PyTorch's nn\.Linear default 0\.0183/);
    assert.match(w1, /tfjs · seed/);
    await t.screenshot(page, 'tfjs-hover-w1');
    await page.keyboard.press('Escape');

    await clickLens(page, '▶ Run & plot');
    const view = webview(page);
    await view.getByText(/\b(done|diverged)\b/).first().waitFor({ timeout: 150_000 });
    const body = await view.locator('body').innerText();
    assert.match(body, /seed_manual\.ts/);
    assert.doesNotMatch(body, /\berror\b/i, 'the tfjs run ends without an error');
    await t.screenshot(page, 'tfjs-run');
    assert.deepEqual(t.extensionErrors, []);
  },
};
