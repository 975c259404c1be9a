// The packaged extension works on its own: `npm run package` (production bundles, vsce, .vscodeignore),
// `code-server --install-extension` it into an empty extensions dir, start a workbench WITHOUT the development
// checkout, with no network (dead proxies, npm offline, no gallery), open the panel from the command palette and run
// the seed snippet from its lens (the worker and the wasm files come from the .vsix), then open a shipped example.
// The .vsix stays within its size budget.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openFile, runCommand, webview } from '../lib/workbench.mjs';

const VSIX_BUDGET = 2_600_000;

export default {
  title: 'the packaged .vsix installs into code-server, opens the panel and runs a snippet',
  timeoutMs: 300_000, // a production build, an install and a 501-step run on a busy 2-core machine
  async run(t) {
    const pkg = JSON.parse(fs.readFileSync(path.join(t.root, 'package.json'), 'utf8'));
    // Exactly `npm run package` (production bundles + vsce), in a copy of the checkout so that the shared dist/
    // keeps its development build.
    const copy = path.join(t.tmp, 'checkout');
    const skip = new Set(['node_modules', '.git', 'dist', 'out', 'test-results', '.vscode-test', 'demo-output']);
    fs.cpSync(t.root, copy, { recursive: true, filter: (src) => !(path.dirname(src) === t.root && skip.has(path.basename(src))) && !src.endsWith('.vsix') });
    fs.symlinkSync(path.join(t.root, 'node_modules'), path.join(copy, 'node_modules'));
    try {
      execFileSync('npm', ['run', 'package'], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, encoding: 'utf8' });
    } catch (e) {
      throw new Error(`npm run package failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    const vsix = path.join(t.outDir, 'loss-lens.vsix');
    fs.copyFileSync(path.join(copy, 'loss-lens.vsix'), vsix);
    const size = fs.statSync(vsix).size;
    t.log(`npm run package → ${path.relative(t.root, vsix)} (${(size / 1e6).toFixed(2)} MB)`);
    // The download budget: 2.14 MB today (the CLI bundle stays out); TensorFlow.js Layers bundled into the tfjs
    // worker adds 0.44 MB minified, 0.11 MB compressed. Past 2.6 MB something large slipped in (a source map,
    // node_modules, a second copy of tfjs): look before raising it.
    assert.ok(size < VSIX_BUDGET, `the .vsix is ${(size / 1e6).toFixed(2)} MB, over the ${VSIX_BUDGET / 1e6} MB budget`);

    const server = t.newCodeServer();
    const out = server.installExtension(vsix);
    assert.match(out, /successfully installed/i, out);
    const installed = path.join(server.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    assert.ok(fs.existsSync(installed), `installed at ${installed}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/worker.js', 'dist/workerProcess.js', 'dist/tfjsWorker.js', 'dist/tfjs-extras.js', 'dist/loss_lens_harness.py', 'dist/tree-sitter-typescript.wasm', 'dist/tfjs-backend-wasm.wasm', 'dist/tree-sitter-python.wasm', 'media/icon.png',
      'changelog.md' /* vsce's name for CHANGELOG.md */, 'examples/seed_manual.py', 'examples/seed_pair.ipynb', 'media/walkthrough/fix.md']) {
      assert.ok(fs.existsSync(path.join(installed, f)), `the .vsix ships ${f}`);
    }
    for (const f of ['src', 'test', 'out', 'node_modules', 'tsconfig.json', 'dist/bench.js', 'dist/soak.js', 'dist/cli.js']) {
      assert.ok(!fs.existsSync(path.join(installed, f)), `the .vsix must not ship ${f}`);
    }
    const maps = fs.readdirSync(path.join(installed, 'dist')).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, [], 'no source maps in the .vsix');

    // No way out: the extension host (and the workers it starts) get dead proxies and npm offline, beside the
    // gallery-less code-server; the run below needs nothing but the .vsix.
    Object.assign(server.env, { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost', npm_config_offline: 'true' });
    await server.start();
    const page = await t.openWorkbench({ on: server, devExtension: false });
    await openFile(page, 'seed_module.py');
    await runCommand(page, 'Loss Lens: Show Panel');
    const title = webview(page).locator('#ll-title');
    await title.waitFor({ timeout: 30_000 });
    assert.equal((await title.textContent())?.trim(), 'Loss Lens');

    // The packaged worker, engine and wasm files run a snippet: click the lens, wait for the run to end.
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run & plot' }).first();
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    await lens.click();
    const view = webview(page);
    await view.getByText(/\b(done|diverged)\b/).first().waitFor({ timeout: 120_000 });
    assert.doesNotMatch(await view.locator('body').innerText(), /\berror\b/i, 'the packaged run ends without an error');
    // Once the run has ended the lens offers "Run & plot" again instead of "■ Stop".
    await page.locator('.codelens-decoration a', { hasText: 'Run & plot' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await t.screenshot(page, 'vsix-panel');

    // The shipped examples: Open Example lists them and opens an untitled copy that gets its lenses.
    await runCommand(page, 'Loss Lens: Open Example');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'custom_module.py' }).first();
    await pick.waitFor({ timeout: 15_000 });
    // Rows show a name and a description line; keep the names.
    const offered = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((x) => x.trim())
      .filter((x) => /^[\w.-]+\.(py|ipynb|md|ts|js)$/.test(x));
    assert.deepEqual([...offered].sort(), fs.readdirSync(path.join(installed, 'examples')).sort(), 'every shipped example is offered');
    await pick.click();
    await page.locator('.tabs-container .tab', { hasText: 'custom_module.py' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.codelens-decoration a', { hasText: 'Run & plot' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  },
};
