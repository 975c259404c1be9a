// Run & plot and the probe in the real workbench: the seed's hand-made net, edited to lr 1e-4 in the editor, run from its
// "▶ Run & plot" lens: points arrive, the run ends `diverged` with w1 named, the probe's verdict says
// "expect divergence" against the stable limit and the diagnosis names w1's init against nn.Linear's default.
// Then "Run with lr…" → 1e-6 adds a second run to the legend. Screenshots in the dark and the light theme.
import assert from 'node:assert/strict';
import { openFile, webview } from '../lib/workbench.mjs';
import { answerInputBox, clickLens, lens, quickInput, readRuns, retypeLineEnd, waitUntil } from '../lib/ui-helpers.mjs';

export default {
  title: 'Run & plot: seed manual net diverges at lr 1e-4 (w1 named, verdict, diagnosis), rerun at 1e-6 overlays, dark and light',
  timeoutMs: 240_000,
  async run(t) {
    const page = await t.openWorkbench({ viewport: { width: 1600, height: 1100 } });
    await openFile(page, 'seed_manual.py');
    // The lens reads the snippet's own lr; editing the file must update it.
    await lens(page, 'Run with lr… (now 1e-6)').waitFor({ timeout: 90_000 });
    await retypeLineEnd(page, 'learning_rate = ', '1e-6', '1e-4');
    await lens(page, 'Run with lr… (now 1e-4)').waitFor({ timeout: 30_000 });

    const clickedAt = Date.now();
    await clickLens(page, '▶ Run & plot');
    const view = webview(page);
    await view.locator('#ll-runs .ll-run').first().waitFor({ timeout: 60_000 });
    t.log(`first legend card ${((Date.now() - clickedAt) / 1000).toFixed(1)}s after the click`);

    // The run ends diverged, with the step and the parameter named.
    const first = await waitUntil(async () => {
      const [r] = await readRuns(page);
      return r && r.status !== 'running' && r.status !== 'waiting' ? r : undefined;
    }, 'the lr 1e-4 run to end', { timeoutMs: 90_000 });
    t.log(`run 1: ${first.statusText} · ${first.meta}`);
    assert.equal(first.status, 'diverged', `status: ${first.statusText}`);
    assert.match(first.statusText, /^diverged at step \d+ \(w1 grad first non-finite\)$/);
    assert.match(first.meta, /lr 1e-4/);
    // seed_manual.py seeds itself (torch.manual_seed(0), line 4): the card names that, not the seed the run drew.
    assert.match(first.meta, /seed 0 \(set at line 4\)/);
    // Points arrived: the non-finite marks list the steps where values blew up, with the parameter.
    assert.ok(first.nonfinite.length > 0, 'non-finite points are marked');
    assert.ok(first.nonfinite.some((s) => /w1/.test(s)), `a mark names w1: ${first.nonfinite.join(' | ')}`);
    // Charts were drawn for this run.
    assert.ok(await view.locator('#ll-charts canvas').count() >= 2, 'the panel shows charts');

    // The probe's verdict and, after the run, the diagnosis (both arrive asynchronously).
    const explained = await waitUntil(async () => {
      const [r] = await readRuns(page);
      return r?.verdict && r?.diagnosis ? r : undefined;
    }, 'the verdict and the diagnosis of run 1', { timeoutMs: 60_000 });
    t.log(`verdict: ${explained.verdict}`);
    t.log(`diagnosis: ${explained.diagnosis.slice(0, 300)}…`);
    assert.match(explained.verdict, /^lr 1e-4 is \d+(\.\d+)?× the stable limit [\d.]+e-7 — expect divergence \(λ_max ≈ 2\.\de\+?6/);
    const lambda = Number(/λ_max ≈ ([\d.]+e\+?\d+)/.exec(explained.verdict)[1]);
    assert.ok(lambda > 1.9e6 && lambda < 2.7e6, `λ_max ${lambda} ≈ 2.3e6`);
    assert.match(explained.diagnosis, /`?w1`? \[1000,\s*100\] starts with std 1\.0\d*, \d+(\.\d+)?× larger than PyTorch's nn\.Linear default 0\.018 for fan_in 1000/);

    // Rerun at 1e-6 from the lens: the input box is prefilled with the snippet's lr.
    await clickLens(page, 'Run with lr…');
    const prefill = await answerInputBox(page, '1e-6');
    assert.equal(prefill, '1e-4');
    const runs = await waitUntil(async () => {
      const rs = await readRuns(page);
      return rs.length === 2 && rs[1].status !== 'running' && rs[1].status !== 'waiting' ? rs : undefined;
    }, 'a second run at lr 1e-6 to finish', { timeoutMs: 150_000 });
    t.log(`run 2: ${runs[1].statusText} · ${runs[1].meta}`);
    assert.match(runs[1].meta, /lr 1e-6/);
    assert.equal(runs[1].status, 'done', `the 1e-6 run trains: ${runs[1].statusText}`);
    assert.match(runs[1].statusText, /^done · 501 steps$/);
    assert.equal(runs[0].status, 'diverged', 'the first run is still in the run table');
    // Charts first: the loss chart starts in the panel's first screen, above the run table.
    const chartTop = await view.locator('[data-chart="loss"] canvas').evaluate((c) => c.getBoundingClientRect().top);
    assert.ok(chartTop < 400, `the loss chart starts ${chartTop} px down the panel`);
    assert.match(await view.locator('#ll-runs .ll-run').first().locator('.ll-tag').textContent(), /× over limit$/, 'the over-limit verdict is a short tag in the row');
    const run2 = await waitUntil(async () => { const r = (await readRuns(page))[1]; return r?.verdict && r?.diagnosis ? r : undefined; },
      'the verdict and the diagnosis of run 2', { timeoutMs: 60_000 });
    t.log(`verdict 2: ${run2.verdict}`);
    assert.match(run2.verdict, /^lr 1e-6 is 1\.\d+× the stable limit [\d.]+e-7 — at the edge of stability/);
    // The whole run is described, not the sample of steps the diagnosis keeps.
    const drop = /Over (\d+) steps the loss went from ([\d.e+-]+) to ([\d.e+-]+)/.exec(run2.diagnosis);
    assert.ok(drop, `diagnosis of run 2 reports the loss drop: ${run2.diagnosis}`);
    assert.equal(drop[1], '501');
    assert.ok(Number(drop[3]) < Number(drop[2]) / 1e3, `the loss fell: ${drop[0]}`);

    // Dark, then light, the way a user picks a theme (code-server's default follows the browser's scheme).
    const bodyClass = () => view.locator('body').getAttribute('class');
    await pickColorTheme(page, 'Dark Modern');
    await waitUntil(async () => /vscode-dark/.test(await bodyClass()), 'the panel to switch to the dark theme', { timeoutMs: 20_000 });
    assert.equal((await readRuns(page)).length, 2);
    await t.screenshot(page, 'run-plot-dark');
    await assertChartTextContrast(t, view, 'dark');
    await pickColorTheme(page, 'Light Modern');
    await waitUntil(async () => /vscode-light/.test(await bodyClass()), 'the panel to switch to the light theme', { timeoutMs: 20_000 });
    // Both runs are still shown after the theme change.
    assert.equal((await readRuns(page)).length, 2);
    await t.screenshot(page, 'run-plot-light');
    await assertChartTextContrast(t, view, 'light');
  },
};

/**
 * The loss chart's axis text colour against the background the canvas really shows (a pixel of its corner): WCAG
 * contrast at least 4.5 : 1, and the background's lightness matches the theme (dark < 0.2, light > 0.8).
 */
async function assertChartTextContrast(t, view, kind) {
  const fig = view.locator('[data-chart="loss"]');
  const text = await waitUntil(async () => {
    const c = await fig.getAttribute('data-text-colour');
    const bg = await fig.getAttribute('data-background');
    return c && bg && (kind === 'dark' ? luminance(parseColour(bg)) < 0.2 : luminance(parseColour(bg)) > 0.8) ? c : undefined;
  }, `the loss chart to take the ${kind} theme's colours`, { timeoutMs: 20_000 });
  const pixel = await fig.locator('canvas').evaluate((c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data]);
  const fg = luminance(parseColour(text)), bg = luminance(pixel);
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  t.log(`${kind}: chart text ${text} on canvas rgb(${pixel.slice(0, 3).join(',')}): contrast ${ratio.toFixed(1)} : 1`);
  assert.ok(kind === 'dark' ? bg < 0.2 : bg > 0.8, `the ${kind} chart background is ${kind}: rgb(${pixel.slice(0, 3).join(',')})`);
  assert.ok(ratio >= 4.5, `chart text ${text} contrasts with its ${kind} background: ${ratio.toFixed(2)} : 1`);
}

/** #rgb, #rrggbb(aa) or rgb()/rgba() → [r, g, b]. */
function parseColour(c) {
  const s = c.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return m[1].split('').map((h) => parseInt(h + h, 16));
  m = /^#([0-9a-f]{6})/i.exec(s);
  if (m) { const n = parseInt(m[1], 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  throw new Error(`unparsed colour ${c}`);
}

/** WCAG relative luminance of sRGB [r, g, b] (0–255). */
function luminance([r, g, b]) {
  const lin = (v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** F1 → "Preferences: Color Theme" → the theme named `name`. (Not runCommand: the palette turns into the picker.) */
async function pickColorTheme(page, name) {
  // Focus the code editor first: a key pressed while the webview has focus does not reach the workbench.
  await page.locator('.editor-instance .view-lines .view-line', { hasText: 'import torch' }).first().click();
  await page.keyboard.press('F1');
  await quickInput(page);
  await page.keyboard.type('Preferences: Color Theme');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first();
  await row.waitFor({ timeout: 15_000 });
  const label = (await row.getAttribute('aria-label')) ?? '';
  const focused = page.locator('.quick-input-list .monaco-list-row.focused').first();
  // Move the selection onto the command itself (other "Color Theme" commands may rank first), then Enter.
  for (let i = 0; i < 8 && (await focused.getAttribute('aria-label').catch(() => '')) !== label; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first();
  if (!(await picker.waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
    await page.screenshot({ path: 'test-results/failure-40-theme-picker.png' });
    throw new Error(`the color theme picker did not open (row "${label}")`);
  }
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: 10_000 });
}
