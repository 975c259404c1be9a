// The walkthrough in the real workbench: "Welcome: Open Walkthrough…" lists it, and each step's button does what
// the step says — the seed pair opens as untitled copies, both run at lr 1e-4 (the hand-made net diverges, the nn
// one trains), the init hover shows on w1, the probe answers, "Scale like nn.Linear" rewrites w1 and w2, and the
// rerun trains both. Every step is then checked off by the workbench itself (its completion events).
import assert from 'node:assert/strict';
import { quickInput, waitUntil } from '../lib/ui-helpers.mjs';

const TITLE = 'Why does the same learning rate explode one net and crawl the other?';
const STEPS = ['Open the seed pair', 'Run both with the same seed', 'Read the init hover', 'Ask the probe', 'Scale like nn.Linear', 'Rerun and compare'];

/** The walkthrough's step element whose title is `title`. */
function step(page, title) {
  return page.locator('.getting-started-step', { has: page.locator('.step-title', { hasText: title }) }).first();
}

/** Brings the walkthrough editor back to the front (the examples open over it). */
async function showWalkthrough(page) {
  const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough: Loss Lens' }).first();
  if (await tab.isVisible().catch(() => false)) await tab.click();
  await page.locator('.gettingStartedContainer').first().waitFor({ timeout: 15_000 });
}

/** Expands a step and clicks its button (the markdown link the step description renders as a button). */
async function clickStepButton(page, title, button) {
  await showWalkthrough(page);
  const s = step(page, title);
  await s.waitFor({ timeout: 15_000 });
  // The title, not the step's centre: an expanded step has its button there.
  await s.locator('.step-title').click();
  const b = s.locator('.monaco-button, a', { hasText: button }).first();
  await b.waitFor({ state: 'visible', timeout: 15_000 });
  await b.click();
}

async function stepDone(page, title) {
  await showWalkthrough(page);
  // The workbench marks a done step's checkbox icon `complete`.
  return waitUntil(async () => await step(page, title).locator('.codicon.complete').count() > 0, `step "${title}" checked off`, { timeoutMs: 30_000 });
}

/** F1 → "Welcome: Open Walkthrough…" (retried until the palette offers it: the workbench may still be starting). */
async function openWalkthroughPicker(page) {
  const end = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('F1');
    const input = await quickInput(page).catch(async () => { await page.locator('.part.editor').click(); await page.keyboard.press('F1'); return quickInput(page); });
    await page.keyboard.type('Open Walkthrough');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Welcome: Open Walkthrough' }).first();
    if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) { await page.keyboard.press('Enter'); return; }
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    if (Date.now() > end) throw new Error('the palette never offered "Welcome: Open Walkthrough..."');
  }
}

/**
 * The Loss Lens panel's document. Not webview(page): the walkthrough's step pages are webviews too; the panel's
 * iframe is the one whose URL names this extension.
 */
function panel(page) {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=loss-lens.loss-lens"]').frameLocator('#active-frame');
}

/** { status, statusText, label, meta } of each legend card (as ui-helpers' readRuns, in the panel's frame). */
async function readRuns(page) {
  return panel(page).locator('#ll-runs .ll-run').evaluateAll((els) => els.map((el) => ({
    status: el.dataset.status,
    statusText: el.querySelector('.ll-status')?.textContent ?? '',
    label: el.querySelector('.ll-label')?.textContent ?? '',
    meta: el.querySelector('.ll-meta')?.textContent ?? '',
  })));
}

const ended = (r) => r.status !== 'running' && r.status !== 'waiting';

export default {
  title: 'the walkthrough opens from the palette and its steps complete in the real workbench',
  timeoutMs: 300_000,
  async run(t) {
    const page = await t.openWorkbench({ viewport: { width: 1600, height: 1100 } });
    // Not runCommand: this command answers with a second quick pick in the same widget (it never closes).
    await openWalkthroughPicker(page);
    const input = page.locator('.quick-input-widget input[placeholder="Select a walkthrough to open"]');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('same learning rate');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    await page.locator('.gettingStartedContainer').first().waitFor({ timeout: 30_000 });
    for (const s of STEPS) await step(page, s).waitFor({ timeout: 15_000 });
    await t.screenshot(page, 'walkthrough');

    // 1. Open: both copies, untitled, named like the examples.
    await clickStepButton(page, STEPS[0], 'Open both examples');
    for (const name of ['seed_manual.py', 'seed_module.py']) {
      await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 30_000 });
    }
    await stepDone(page, STEPS[0]);

    // 2. Run both at lr 1e-4 with one seed: the hand-made net diverges, the nn one trains.
    await clickStepButton(page, STEPS[1], 'Run both');
    const first = await waitUntil(async () => {
      const rs = await readRuns(page);
      return rs.length >= 2 && rs.every(ended) ? rs : undefined;
    }, 'both runs to end', { timeoutMs: 150_000 });
    t.log(`runs: ${first.map((r) => `${r.label}: ${r.statusText}`).join(' | ')}`);
    const manual = first.find((r) => /seed_manual\.py/.test(r.label)), module = first.find((r) => /seed_module\.py/.test(r.label));
    assert.ok(manual && module, 'one run of each copy');
    assert.equal(manual.status, 'diverged', manual.statusText);
    assert.equal(module.status, 'done', module.statusText);
    for (const r of [manual, module]) assert.match(r.meta, /lr 1e-4/);
    await stepDone(page, STEPS[1]);

    // 3. The init hover on w1.
    await clickStepButton(page, STEPS[2], 'Show the hover');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Loss Lens' }).first();
    await hover.waitFor({ timeout: 60_000 });
    assert.match(await hover.innerText(), /std 1\.00 is 55× PyTorch's Linear default 0\.018/);
    await t.screenshot(page, 'walkthrough-hover');
    await page.keyboard.press('Escape');
    await stepDone(page, STEPS[2]);

    // 4. The probe's verdict, as a notification.
    await clickStepButton(page, STEPS[3], 'Probe seed_manual.py');
    const note = page.locator('.notification-toast', { hasText: /stable/ }).first();
    await note.waitFor({ timeout: 90_000 });
    t.log(`probe: ${(await note.innerText()).split('\n')[0]}`);
    await stepDone(page, STEPS[3]);

    // 5. The quick fix rewrites both hand-made weights in the copy.
    await clickStepButton(page, STEPS[4], 'Apply the fix');
    // Strings, not regular expressions: the editor renders spaces as no-break spaces, which only string matching folds.
    const line = (text) => page.locator('.editor-instance .view-lines .view-line', { hasText: text }).first();
    await line('math.sqrt(3 * D_in)).requires_grad_()').waitFor({ timeout: 30_000 });
    await line('math.sqrt(3 * H)).requires_grad_()').waitFor({ timeout: 10_000 });
    await t.screenshot(page, 'walkthrough-fixed');
    await stepDone(page, STEPS[4]);

    // 6. Rerun: same seed, same lr, and now both train.
    await clickStepButton(page, STEPS[5], 'Rerun both');
    const all = await waitUntil(async () => {
      const rs = await readRuns(page);
      return rs.length >= 4 && rs.every(ended) ? rs : undefined;
    }, 'the rerun of both to end', { timeoutMs: 150_000 });
    const rerun = all.slice(-2);
    t.log(`rerun: ${rerun.map((r) => `${r.label}: ${r.statusText}`).join(' | ')}`);
    for (const r of rerun) assert.equal(r.status, 'done', `${r.label}: ${r.statusText}`);
    await stepDone(page, STEPS[5]);
    await t.screenshot(page, 'walkthrough-done');
    assert.deepEqual(t.extensionErrors, []);
  },
};
