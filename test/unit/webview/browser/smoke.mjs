// Browser smoke test of the real webview bundle under the panel's real CSP (Debian chromium + playwright-core
// from test/e2e/install.sh). Not run by `node --test` (needs a browser): `node test/unit/webview/browser/smoke.mjs`.
// Feeds the seed's two runs through the host→webview protocol, checks what the user must see, and saves
// screenshots in dark, light and high-contrast themes under test-results/.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');
const require = createRequire(import.meta.url);
const prefix = process.env.LOSS_LENS_E2E_PREFIX ?? path.join(process.env.HOME, '.cache/loss-lens-e2e');
const { chromium } = require(path.join(prefix, 'driver/node_modules/playwright-core'));
const { renderPanelHtml } = require(path.join(root, 'out/src/editor/panel/htmlTemplate.js'));

await require('esbuild').build({ bundle: true, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: [path.join(root, 'webview/main.ts')], outfile: path.join(root, 'dist/webview.js'), logLevel: 'warning' });

const THEMES = {
  dark: { cls: 'vscode-dark', vars: { 'foreground': '#cccccc', 'editor-foreground': '#cccccc', 'editor-background': '#1e1e1e', 'descriptionForeground': '#9d9d9d', 'panel-border': '#3c3c3c', 'editorWidget-border': '#454545', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'errorForeground': '#f48771', 'focusBorder': '#007fd4', 'button-background': '#0e639c', 'button-foreground': '#ffffff', 'font-family': 'sans-serif', 'font-size': '13px' } },
  light: { cls: 'vscode-light', vars: { 'foreground': '#333333', 'editor-foreground': '#333333', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'panel-border': '#e5e5e5', 'editorWidget-border': '#c8c8c8', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'errorForeground': '#a1260d', 'focusBorder': '#0090f1', 'button-background': '#007acc', 'button-foreground': '#ffffff', 'font-family': 'sans-serif', 'font-size': '13px' } },
  hc: { cls: 'vscode-high-contrast', vars: { 'foreground': '#ffffff', 'editor-foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'contrastBorder': '#6fc3df', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-yellow': '#ffd700', 'errorForeground': '#f48771', 'focusBorder': '#f38518', 'button-background': '#000000', 'button-foreground': '#ffffff', 'font-family': 'sans-serif', 'font-size': '13px' } },
};

const STUB = `(() => {
  const posted = (window.__posted = []);
  const key = 'll-state';
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem(key) || 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem(key, JSON.stringify(s)),
  });
  window.__send = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
})();`;

let theme = 'dark';

/** Top of the loss chart's canvas in page pixels (the first viewport is where it must start). */
const chartTop = (page) => page.locator('[data-chart="loss"] canvas').evaluate((c) => Math.round(c.getBoundingClientRect().top + window.scrollY));
/** Hovers the loss chart at a fraction of its plot width. */
async function hoverLoss(page, frac) {
  const box = await page.locator('[data-chart="loss"] canvas').boundingBox();
  await page.mouse.move(box.x + 60 + (box.width - 80) * frac, box.y + box.height / 2);
  await page.waitForTimeout(50);
}
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (type, body) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
  if (url.pathname === '/') {
    const nonce = 'bm9uY2Vub25jZW5vbmNl';
    const origin = `http://127.0.0.1:${server.address().port}`;
    let html = renderPanelHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, cssUri: `${origin}/media/panel.css`, nonce });
    html = html.replace('<body>', `<body class="${THEMES[theme].cls}">`)
      .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme.css"><link rel="stylesheet"`)
      .replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/stub.js"></script><script nonce="${nonce}" src=`);
    return send('text/html', html);
  }
  if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
  if (url.pathname === '/stub.js') return send('text/javascript', STUB);
  if (url.pathname === '/theme.css') return send('text/css', `html { ${Object.entries(THEMES[theme].vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ')} }`);
  const file = path.join(root, url.pathname);
  if (file.startsWith(root) && fs.existsSync(file)) return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(file));
  res.writeHead(404); res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));

const MANUAL_OUT = 'step 0 loss 3.1e7\nstep 1 loss 4.2e13\nstep 2 loss 8.8e33\n';
const MORE_OUT = Array.from({ length: 2500 }, (_, i) => `line ${i}\n`).join('');

/** The seed: hand-made net at lr 1e-4 explodes (inf at step 3, w1 first), nn.Sequential at 1e-6 crawls. */
function seedMessages() {
  const manual = { runId: 'manual', steps: [], loss: [], params: { w1: { grad: [], weight: [], ratio: [] }, w2: { grad: [], weight: [], ratio: [] } }, nonfinite: [] };
  const losses = [3.1e7, 4.2e13, 8.8e33, Infinity, NaN, NaN, NaN];
  losses.forEach((l, s) => {
    manual.steps.push(s); manual.loss.push(l);
    manual.params.w1.grad.push(s < 3 ? 1e4 * 10 ** (s * 6) : s === 3 ? Infinity : NaN); manual.params.w1.weight.push(s < 4 ? 316 * (1 + s * s * 1e3) : NaN); manual.params.w1.ratio.push(s === 0 ? NaN : s < 4 ? 10 ** (s - 2) : NaN);
    manual.params.w2.grad.push(s < 4 ? 3e4 * 10 ** (s * 6) : NaN); manual.params.w2.weight.push(s < 4 ? 100 * (1 + s) : NaN); manual.params.w2.ratio.push(s === 0 ? NaN : s < 4 ? 10 ** (s - 3) : NaN);
    if (!Number.isFinite(l)) manual.nonfinite.push({ step: s, value: l, param: s === 3 ? 'w1' : undefined });
  });
  const seq = { runId: 'seq', steps: [], loss: [], params: { 'model.0.weight': { grad: [], weight: [], ratio: [] }, 'model.2.weight': { grad: [], weight: [], ratio: [] } }, nonfinite: [] };
  for (let s = 0; s < 501; s++) {
    seq.steps.push(s); seq.loss.push(680 * Math.exp(-s / 2e4) + (s === 250 ? 40 : 0));
    seq.params['model.0.weight'].grad.push(30 * Math.exp(-s / 3e4)); seq.params['model.0.weight'].weight.push(18.2 + s * 1e-4); seq.params['model.0.weight'].ratio.push(s ? 2e-6 : NaN);
    seq.params['model.2.weight'].grad.push(55 * Math.exp(-s / 3e4)); seq.params['model.2.weight'].weight.push(5.7 + s * 1e-4); seq.params['model.2.weight'].ratio.push(s ? 9e-6 : NaN);
  }
  return [
    { type: 'addRun', meta: { id: 'manual', label: 'manual w1/w2 lr=1e-4', file: '/ws/seed.py', line: 9, lr: 1e-4, seed: 0, backend: 'cpu', init: 'randn', verdict: 'lr 1e-4 is 115× the stable limit 8.7e-7 — expect divergence' } },
    { type: 'batch', batches: [manual], statuses: [{ runId: 'manual', status: 'diverged', steps: 7, elapsedMs: 40, engine: 'builtin', backend: 'cpu', seed: 0, firstNonfiniteStep: 3, firstNonfiniteParam: 'w1' }], outputs: [{ runId: 'manual', from: 0, text: MANUAL_OUT }] },
    { type: 'addRun', meta: { id: 'seq', label: 'nn.Sequential lr=1e-6', file: '/ws/seed.py', line: 27, lr: 1e-6, seed: 0, backend: 'cpu', init: 'nn.Linear default', verdict: 'lr 1e-6 is 1,400× below the stable limit 1.4e-3 — expect slow progress (λ_max ≈ 1.4e3).', diagnosis: 'lr 1e-6 is 1,400× under the stable limit 1.4e-3: the loss barely moves.' } },
    { type: 'batch', batches: [seq], statuses: [{ runId: 'seq', status: 'done', steps: 501, elapsedMs: 900, engine: 'builtin' }] },
  ];
}

const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const outDir = path.join(root, 'test-results');
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const t of Object.keys(THEMES)) {
    theme = t;
    const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e) + (process.env.STACK ? e.stack : '')));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
    for (const m of seedMessages()) await page.evaluate((m) => window.__send(m), m);
    await page.waitForTimeout(400);
    if (errors.length) console.log('page errors:', errors);
    check(await chartTop(page) < 400, `${t}: the loss chart starts in the first viewport (top ${await chartTop(page)} px)`);
    if (t === 'dark') {
      check(await page.locator('#ll-title').textContent() === 'Loss Lens', 'title');
      check(await page.locator('figure:not([hidden]) canvas').count() === 4, 'four charts');
      check((await page.locator('.ll-run').count()) === 2, 'two runs in the table');
      const text = await page.locator('#ll-runs').textContent();
      check(text.includes('step 3: loss inf (w1 grad first non-finite)'), 'non-finite step and parameter named');
      check(text.includes('diverged at step 3'), 'diverged status');
      check(text.includes('115× the stable limit'), 'verdict line');
      check(await page.locator('.ll-run[data-run-id="manual"] .ll-tag.ll-tone-warning').textContent() === '115× over limit', 'over the limit: a warning tag');
      check(await page.locator('.ll-run[data-run-id="seq"] .ll-tag.ll-tone-neutral').count() === 1, 'under the limit: a neutral tag');
      check(!(await page.locator('.ll-detail:not([hidden])').count()), 'no diagnosis open until asked');
      check(await page.locator('#ll-lr').evaluate((e) => e.value) === '1e-6', 'rerun field prefilled with the selected (newest) run lr');
      await page.locator('.ll-run[data-run-id="manual"] .ll-row .ll-label').click();
      check(await page.locator('#ll-lr').evaluate((e) => e.value) === '1e-4', 'selecting a run prefills its lr');
      check(await page.locator('.ll-detail:not([hidden])').count() === 1 && (await page.locator('.ll-run[data-run-id="manual"] .ll-detail').isVisible()), 'a row click opens its Why? detail, only one');
      await page.locator('.ll-run[data-run-id="seq"] .ll-why').click();
      check(await page.locator('.ll-run[data-run-id="seq"] .ll-diagnosis').isVisible() && !(await page.locator('.ll-run[data-run-id="manual"] .ll-detail').isVisible()), 'Why? moves the one detail to that run');
      await page.screenshot({ path: path.join(outDir, 'panel-why.png'), fullPage: true });
      await page.locator('.ll-run[data-run-id="manual"] .ll-row .ll-label').click();
      // Output of the selected run, capped.
      check(await page.locator('.ll-output summary').textContent() === 'Output — manual w1/w2 lr=1e-4 (3 lines)', `output summary: ${await page.locator('.ll-output summary').textContent()}`);
      await page.locator('.ll-output summary').click();
      check((await page.locator('.ll-output-text').textContent()).startsWith('step 0 loss 3.1e7'), 'printed text shown');
      await page.evaluate(([from, text]) => window.__send({ type: 'batch', batches: [], statuses: [], outputs: [{ runId: 'manual', from, text }] }), [MANUAL_OUT.length, MORE_OUT]);
      await page.waitForTimeout(100);
      check((await page.locator('.ll-output-note').textContent()).startsWith('503 earlier lines not shown'), `output capped: ${await page.locator('.ll-output-note').textContent()}`);
      check((await page.locator('.ll-output-text').textContent()).endsWith('line 2499'), 'newest output line kept');
      await page.locator('#ll-lr').evaluate((e) => { e.value = '1e-6'; });
      await page.locator('#ll-rerun').click();
      await page.locator('#ll-export-csv').click();
      await page.locator('.ll-run[data-run-id="seq"] .ll-rerun-row').click();
      const posted = await page.evaluate(() => window.__posted);
      check(posted.some((m) => m.type === 'request' && m.request.type === 'rerun' && m.request.runId === 'manual' && m.request.lr === 1e-6), 'rerun request with lr');
      check(posted.some((m) => m.type === 'request' && m.request.type === 'rerun' && m.request.runId === 'seq' && m.request.lr === undefined), 'row Rerun');
      check(posted.some((m) => m.type === 'request' && m.request.type === 'export' && m.request.format === 'csv'), 'export request');
      // Log ticks: decades only, one format.
      await hoverLoss(page, 0.5);
      const tip = await page.locator('#ll-tooltip').textContent();
      check(await page.locator('#ll-tooltip .ll-tip-row').count() === 2 && tip.includes('manual') && tip.includes('nn.Sequential'), `tooltip lists both runs: ${tip}`);
      await page.screenshot({ path: path.join(outDir, 'panel-tooltip.png') });
      await page.mouse.move(5, 5);
      await page.evaluate(() => window.__send({ type: 'requestPng', requestId: 7 }));
      const pngs = (await page.evaluate(() => window.__posted)).find((m) => m.type === 'pngs');
      check(pngs?.images.length === 4 && pngs.images.every((i) => i.dataUrl.startsWith('data:image/png;base64,')), 'PNG of each chart');
      const dims = await page.evaluate(async (url) => { const im = new Image(); im.src = url; await im.decode(); return [im.naturalWidth, im.naturalHeight, document.querySelector('[data-chart="loss"] canvas').clientWidth]; }, pngs.images[0].dataUrl);
      check(dims[0] === 2 * dims[2] && dims[1] > 2 * 300, `loss PNG at 2× with its legend: ${dims[0]}×${dims[1]} for a ${dims[2]} px wide chart`);
      fs.writeFileSync(path.join(outDir, 'export-loss.png'), Buffer.from(pngs.images[0].dataUrl.split(',')[1], 'base64'));
      // One log/linear switch for every chart.
      await page.locator('#ll-log').click();
      await page.waitForTimeout(100);
      check((await page.locator('figure.ll-chart[data-scale]').evaluateAll((fs) => fs.map((f) => f.dataset.scale))).every((v) => v === 'linear'), 'unticking Log scale switches every chart');
      await page.locator('#ll-log').click();
      // VS Code switching theme: new CSS variables and body class; the charts must repaint in the new colours.
      const bgPixel = () => page.evaluate(() => Array.from(document.querySelector('[data-chart="loss"] canvas').getContext('2d').getImageData(1, 1, 1, 1).data.slice(0, 3)));
      check(JSON.stringify(await bgPixel()) === '[30,30,30]', 'dark chart background');
      await page.evaluate((vars) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
        document.body.className = 'vscode-light';
      }, THEMES.light.vars);
      await page.waitForTimeout(300);
      check(JSON.stringify(await bgPixel()) === '[255,255,255]', 'theme change repaints the charts (light background)');
      // Reload = the webview being re-created after the tab was hidden: state must bring everything back.
      await page.waitForTimeout(1200);
      await page.reload();
      await page.waitForTimeout(800); if (errors.length) console.log('after reload:', errors);
      await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
      const ready = await page.evaluate(() => window.__posted.find((m) => m.type === 'ready'));
      check(ready.have.manual === 7 && ready.have.seq === 501, `state restored, ready reports rows ${JSON.stringify(ready.have)}`);
      check(ready.haveOutput.manual === MANUAL_OUT.length + MORE_OUT.length, `ready reports the output held ${JSON.stringify(ready.haveOutput)}`);
      check((await page.locator('.ll-run').count()) === 2, 'runs restored after reload');
      const violations = await page.evaluate(() => window.__violations);
      check(violations.length === 0, `no CSP violations ${JSON.stringify(violations)}`);
      await page.screenshot({ path: path.join(outDir, 'panel-dark-2-runs.png'), fullPage: true });
      // Clear: the empty state says what to do; no empty chart frames.
      await page.evaluate(() => window.__send({ type: 'clearRuns' }));
      await page.waitForTimeout(100);
      check(await page.locator('#ll-empty').isVisible() && (await page.locator('#ll-empty').textContent()).includes('Run & plot') && !(await page.locator('#ll-charts').isVisible()), 'after Clear: the empty state, no chart frames');
    }
    await page.screenshot({ path: path.join(outDir, `panel-${t}.png`), fullPage: true });
    check(errors.length === 0, `${t}: no page errors ${JSON.stringify(errors)}`);
    await page.close();
  }
  // A sweep and a 1,000,000-step run streamed in 10,000-step batches (the worker's batching).
  theme = 'dark';
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('crash', () => console.log('PAGE CRASHED'));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.text()); });
  await page.goto(`http://127.0.0.1:${server.address().port}/?n=${process.env.SMOKE_N ?? 1_000_000}`);
  await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
  // 1 run, then 2, then an 8-point sweep (10 runs): the loss chart stays in the first viewport every time.
  const seed = seedMessages();
  for (const m of seed.slice(0, 2)) await page.evaluate((m) => window.__send(m), m);
  await page.waitForTimeout(200);
  check(await chartTop(page) < 400, `1 run: loss chart top ${await chartTop(page)} px`);
  await page.screenshot({ path: path.join(outDir, 'panel-1-run.png') });
  for (const m of seed.slice(2)) await page.evaluate((m) => window.__send(m), m);
  await page.waitForTimeout(200);
  check(await chartTop(page) < 400, `2 runs: loss chart top ${await chartTop(page)} px`);
  const lrs = [1e-7, 3e-7, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 1e-3];
  for (const [i, lr] of lrs.entries()) {
    const id = `sw${i}`;
    const steps = Array.from({ length: 50 }, (_, k) => k);
    const blowsUp = lr >= 3e-5;
    const loss = steps.map((k) => (blowsUp ? (k < 5 ? 700 * 10 ** (k * 5) : k === 5 ? Infinity : NaN) : 700 * Math.exp(-k * lr * 2e5)));
    const col = (f) => steps.map((k) => (blowsUp && k >= 5 ? NaN : f(k)));
    const params = { w1: { grad: col((k) => 10 * (i + 1) * Math.exp(-k / 30)), weight: col(() => 30), ratio: col((k) => (k ? lr * 10 : NaN)) }, w2: { grad: col(() => 3 * (i + 1)), weight: col(() => 10), ratio: col((k) => (k ? lr : NaN)) } };
    await page.evaluate((ms) => ms.forEach((m) => window.__send(m)), [
      { type: 'addRun', meta: { id, label: `seed.py:9 lr=${lr}`, lr, seed: 0, sweepId: 'sweep1', stableLr: 8.7e-7 } },
      { type: 'batch', batches: [{ runId: id, steps, loss, params, nonfinite: blowsUp ? [{ step: 5, value: Infinity, param: 'w1' }] : [] }], statuses: [{ runId: id, status: blowsUp ? 'diverged' : 'done', steps: 50, engine: 'builtin', backend: 'wasm' }] },
    ]);
  }
  await page.waitForTimeout(400);
  const caption = await page.locator('[data-chart="sweep"] figcaption').textContent();
  check(caption.includes('best 1e-5') && caption.includes('first diverging 3e-5') && caption.includes('8.7e-7'), `sweep chart: ${caption}`);
  check(await chartTop(page) < 400, `sweep (10 runs): loss chart top ${await chartTop(page)} px`);
  check(await page.locator('.ll-group-head').count() === 1 && (await page.locator('.ll-group-head').textContent()).includes('8 runs'), 'the sweep is one group');
  const colours = await page.locator('.ll-run .ll-swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  check(colours.length === 10 && new Set(colours).size === 10, `10 runs, 10 distinct colours: ${colours.join(' ')}`);
  for (const chart of ['loss', 'grad']) {
    const boxes = await page.locator(`[data-chart="${chart}"] .ll-marker`).evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { l: r.left, r: r.right, t: r.top, b: r.bottom, id: e.dataset.runId }; }));
    const overlap = boxes.some((a, i) => boxes.some((b, j) => j > i && a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b));
    check(boxes.length === 4 && new Set(boxes.map((x) => x.id)).size === 4 && !overlap, `${chart}: one marker per diverged run (${boxes.length}), none overlapping`);
  }
  check(await page.locator('.ll-param[aria-pressed="true"]').count() === 4, 'parameter picker: the top 4 of 4 parameters');
  await hoverLoss(page, 0.05);
  const rows = await page.locator('#ll-tooltip .ll-tip-row').count();
  check(rows === 10, `the tooltip lists every visible run (${rows})`);
  await page.screenshot({ path: path.join(outDir, 'panel-sweep.png'), fullPage: true });
  const grad = await page.locator('[data-chart="grad"] canvas').boundingBox();
  await page.mouse.move(grad.x + 70, grad.y + grad.height / 2);
  await page.waitForTimeout(50);
  const gradTip = await page.locator('#ll-tooltip').textContent();
  check(await page.locator('#ll-tooltip .ll-tip-row').count() === 10 && gradTip.includes('w1 ') && gradTip.includes('model.0.weight '), `grad chart tooltip: every run with its own shown parameters`);
  check(await page.locator('[data-chart="loss"] .ll-crosshair').isVisible(), 'hovering one chart shows the step on the others');
  await page.screenshot({ path: path.join(outDir, 'panel-tooltip-grad.png') });
  await page.mouse.move(5, 5);
  // A panel beside the editor is narrow: the toolbar wraps, the table scrolls sideways, the chart still comes first.
  await page.setViewportSize({ width: 640, height: 900 });
  await page.waitForTimeout(300);
  check(await chartTop(page) < 400, `640 px wide: loss chart top ${await chartTop(page)} px`);
  await page.screenshot({ path: path.join(outDir, 'panel-narrow.png') });
  await page.setViewportSize({ width: 1200, height: 1500 });
  await page.waitForTimeout(200);
  await page.locator('.ll-group-toggle').click();
  check(await page.locator('.ll-group-head + .ll-run').isHidden(), 'collapsing the sweep hides its rows');
  await page.screenshot({ path: path.join(outDir, 'panel-sweep-collapsed.png'), fullPage: true });
  await page.locator('.ll-group-toggle').click();
  // Light theme, same 10 runs: distinct colours on a light background too.
  await page.evaluate((vars) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
    document.body.className = 'vscode-light';
  }, THEMES.light.vars);
  await page.waitForTimeout(300);
  const light = await page.locator('.ll-run .ll-swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  check(new Set(light).size === 10, 'light theme: 10 distinct colours');
  await page.screenshot({ path: path.join(outDir, 'panel-sweep-light.png'), fullPage: true });
  await page.evaluate((vars) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
    document.body.className = 'vscode-dark';
  }, THEMES.dark.vars);
  await page.evaluate(() => window.__send({ type: 'clearRuns' }));
  const t0 = Date.now();
  await page.evaluate(async () => {
    window.__send({ type: 'addRun', meta: { id: 'big', label: 'long run', lr: 1e-3 } });
    const B = 10_000; window.__N = Number(new URLSearchParams(location.search).get('n') || 1_000_000);
    for (let from = 0; from < (window.__N ?? 1_000_000); from += B) {
      const steps = new Array(B), loss = new Array(B), g = new Array(B), w = new Array(B), r = new Array(B);
      for (let k = 0; k < B; k++) { const s = from + k; steps[k] = s; loss[k] = s === 654_321 ? 1e6 : 1 / Math.sqrt(s + 1); g[k] = loss[k] * 3; w[k] = 10; r[k] = 1e-4; }
      window.__send({ type: 'batch', batches: [{ runId: 'big', steps, loss, params: { w: { grad: g, weight: w, ratio: r } }, nonfinite: [] }], statuses: [{ runId: 'big', status: 'running', steps: from + B }] });
      await new Promise((res) => requestAnimationFrame(res));
    }
  });
  console.log(`info 1,000,000 steps streamed in 100 batches with a frame between each: ${Date.now() - t0} ms`);
  await page.waitForTimeout(300);
  check((await page.locator('#ll-runs').textContent()).includes('step 1000000'), 'million-step run fully received');
  // Smoothing on, slider moved, log → linear, drag-zoom around the spike and back: no errors.
  await page.locator('#ll-smooth').click();
  await page.locator('#ll-beta').fill('0.9');
  await page.locator('#ll-log').click();
  const box = await page.locator('[data-chart="loss"] canvas').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(outDir, 'panel-zoomed.png') });
  await page.locator('[data-chart="loss"] canvas').dblclick();
  await page.waitForTimeout(200);
  await page.waitForTimeout(1200); // setState is debounced to once a second
  const st = await page.evaluate(() => JSON.parse(sessionStorage.getItem('ll-state')));
  check(st?.ui.smoothing === true && st.ui.beta === 0.9 && st.ui.logScale === false, `toolbar settings saved ${JSON.stringify(st?.ui)}`);
  await page.screenshot({ path: path.join(outDir, 'panel-million.png'), fullPage: false });
  check(errors.length === 0, `sweep/million: no page errors ${JSON.stringify(errors)}`);
} finally {
  await browser.close();
  server.close();
}
if (failures.length) { console.error(`${failures.length} failed`); process.exit(1); }
console.log('all ok; screenshots in test-results/');
