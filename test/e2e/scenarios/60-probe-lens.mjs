// In the real workbench: the "Probe stable LR" lens above the seed's hand-made loop estimates the loss
// sharpness at the initial weights without training; the lens then reads λ_max ≈ 2.3e+6 and the stable lr
// (2/λ_max ≈ 8.7e-7), and a notification gives the verdict for the snippet's own lr 1e-6 (at the edge).
import assert from 'node:assert/strict';
import { openFile } from '../lib/workbench.mjs';
import { clickLens, lens, lensTitles, waitUntil } from '../lib/ui-helpers.mjs';

export default {
  title: 'Probe stable LR lens shows λ_max ≈ 2.3e6 and the stable lr for the seed manual net',
  async run(t) {
    const page = await t.openWorkbench();
    await openFile(page, 'seed_manual.py');
    await clickLens(page, 'Probe stable LR', { timeoutMs: 90_000 });
    const title = await waitUntil(async () => (await lensTitles(page)).find((s) => s.startsWith('λ_max')),
      'the probe lens to show λ_max', { timeoutMs: 60_000 });
    t.log(`lens: ${title}`);
    const m = /^λ_max ≈ (\d\.\de\+\d+) · stable lr < (\d\.\de-\d+)$/.exec(title);
    assert.ok(m, `lens title: ${title}`);
    const [lambda, stable] = [Number(m[1]), Number(m[2])];
    assert.ok(lambda >= 2.0e6 && lambda <= 2.6e6, `λ_max ${lambda} ≈ 2.3e6 (real PyTorch)`);
    assert.ok(Math.abs(stable - 2 / lambda) / stable < 0.06, `stable lr ${stable} = 2/λ_max`);
    assert.ok(stable > 7.5e-7 && stable < 1e-6, `stable lr ${stable} ≈ 8.7e-7`);
    // The other lenses are still there, and the probe ran no training (no run in a panel).
    assert.ok(await lens(page, '▶ Run & plot').isVisible());
    assert.equal(await page.locator('iframe.webview').count(), 0, 'no panel was opened: the probe is not a run');

    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'stable limit' }).first();
    await toast.waitFor({ timeout: 15_000 });
    const verdict = (await toast.innerText()).replace(/\s+/g, ' ');
    t.log(`notification: ${verdict}`);
    assert.match(verdict, /Loss Lens: lr 1e-6 is 1\.\d+× the stable limit [\d.]+e-7 — at the edge of stability \(λ_max ≈ 2\.\de\+?6\)/);
    await t.screenshot(page, 'probe-lens');
  },
};
