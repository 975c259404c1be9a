// In the real workbench: hovering w1 in the seed's manual snippet shows its std against nn.Linear's
// default (≈ 0.018, 55× smaller); hovering `model` in the module snippet lists its parameters; the lightbulb's
// "Scale like nn.Linear" rewrites w1's creation in the file. Screenshots of both hovers and the edited file.
import assert from 'node:assert/strict';
import { openFile } from '../lib/workbench.mjs';

/** Hovers the first token of the editor line starting with `lineStart` until a Loss Lens hover shows; returns its text. */
async function hoverLine(page, lineStart, { timeoutMs = 90_000 } = {}) {
  const line = page.locator('.editor-instance .view-lines .view-line', { hasText: lineStart }).first();
  await line.waitFor({ timeout: 30_000 });
  const hover = page.locator('.monaco-hover:visible', { hasText: 'Loss Lens' });
  const end = Date.now() + timeoutMs;
  for (;;) {
    // The line element is re-rendered while the editor settles (lenses appear above it): re-find it until it has a box.
    const box = await line.boundingBox().catch(() => null);
    if (!box) {
      if (Date.now() > end) throw new Error(`the editor line "${lineStart}" never got a layout box`);
      await page.waitForTimeout(250);
      continue;
    }
    // Off and back on: VS Code asks the providers again on a fresh mouse-over.
    await page.mouse.move(box.x + box.width + 200, box.y + 300);
    await page.mouse.move(box.x + 6, box.y + box.height / 2);
    if (await hover.first().waitFor({ timeout: 6_000 }).then(() => true, () => false)) return (await hover.first().innerText()).trim();
    if (Date.now() > end) throw new Error(`no Loss Lens hover on "${lineStart}" within ${timeoutMs / 1000}s`);
  }
}

export default {
  title: 'Init hovers on w1 and model, and the "Scale like nn.Linear" lightbulb edits the file',
  async run(t) {
    const page = await t.openWorkbench();
    await openFile(page, 'seed_manual.py');
    const w1 = await hoverLine(page, 'w1 = torch.randn');
    t.log(`w1 hover: ${w1.split('\n').slice(0, 3).join(' / ')}`);
    assert.match(w1, /std 1\.00 is 55× PyTorch's Linear default 0\.018/);
    assert.match(w1, /fan_in 1000 · fan_out 100/);
    assert.match(w1, /No bias/);
    await t.screenshot(page, 'hover-w1');

    await openFile(page, 'seed_module.py');
    const model = await hoverLine(page, 'model = torch.nn.Sequential');
    assert.match(model, /model · Sequential · 4 parameters/);
    assert.match(model, /0\.weight/);
    await t.screenshot(page, 'hover-model');
    await page.keyboard.press('Escape');

    // The lightbulb: cursor on w1's creation, Ctrl+. opens the quick fixes, pick "Scale like nn.Linear".
    // Explorer clicks open preview tabs, so seed_module.py replaced seed_manual.py: open it again.
    await openFile(page, 'seed_manual.py');
    const line = page.locator('.editor-instance .view-lines .view-line', { hasText: 'w1 = torch.randn' }).first();
    await line.click();
    const action = page.locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: 'Scale like nn.Linear for w1' }).first();
    const end = Date.now() + 30_000;
    for (;;) {
      await page.keyboard.press('Control+.');
      if (await action.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
      if (Date.now() > end) throw new Error('the quick-fix menu never offered "Scale like nn.Linear for w1"');
    }
    await t.screenshot(page, 'init-code-action');
    // The menu's pointer block swallows clicks: pick the row with the keyboard, as keyboard users do.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 12 && !/Scale like nn\.Linear for w1/.test(await focused.first().innerText().catch(() => '')); i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.match(await focused.first().innerText(), /Scale like nn\.Linear for w1/);
    await page.keyboard.press('Enter');
    const fixed = page.locator('.editor-instance .view-lines .view-line', { hasText: 'math.sqrt(3 * D_in)).requires_grad_()' });
    await fixed.first().waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .view-lines .view-line', { hasText: 'import math' }).first().waitFor({ timeout: 5_000 });
    await t.screenshot(page, 'init-fixed');
    assert.deepEqual(t.extensionErrors, []);
  },
};
