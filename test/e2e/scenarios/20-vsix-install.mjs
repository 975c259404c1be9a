// The packaged extension works on its own: package dist/ into a .vsix (vsce, honouring .vscodeignore),
// `code-server --install-extension` it into an empty extensions dir, start a workbench WITHOUT the development
// checkout, and open the panel from the command palette.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openFile, runCommand, webview } from '../lib/workbench.mjs';

export default {
  title: 'the packaged .vsix installs into code-server and opens the panel',
  async run(t) {
    const pkg = JSON.parse(fs.readFileSync(path.join(t.root, 'package.json'), 'utf8'));
    const vsix = path.join(t.outDir, `${pkg.name}-e2e.vsix`);
    // The vsce arguments of `npm run package`, applied to the dist/ npm test already built (no production rebuild).
    const vsceArgs = /\bvsce (package[^&|;]*)/.exec(pkg.scripts.package)?.[1].trim().split(/\s+/);
    assert.ok(vsceArgs, `npm run package calls vsce package: ${pkg.scripts.package}`);
    const o = vsceArgs.indexOf('-o');
    if (o >= 0) vsceArgs.splice(o, 2);
    try {
      execFileSync(process.execPath, [path.join(t.root, 'node_modules/@vscode/vsce/vsce'), ...vsceArgs, '-o', vsix],
        { cwd: t.root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, encoding: 'utf8' });
    } catch (e) {
      throw new Error(`vsce ${vsceArgs.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    t.log(`packaged ${path.relative(t.root, vsix)} (${(fs.statSync(vsix).size / 1e6).toFixed(2)} MB)`);

    const server = t.newCodeServer();
    const out = server.installExtension(vsix);
    assert.match(out, /successfully installed/i, out);
    const installed = path.join(server.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    assert.ok(fs.existsSync(installed), `installed at ${installed}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/worker.js', 'dist/tfjs-backend-wasm.wasm', 'dist/tree-sitter-python.wasm', 'media/icon.png']) {
      assert.ok(fs.existsSync(path.join(installed, f)), `the .vsix ships ${f}`);
    }
    for (const f of ['src', 'test', 'out', 'node_modules', 'tsconfig.json', 'dist/bench.js']) {
      assert.ok(!fs.existsSync(path.join(installed, f)), `the .vsix must not ship ${f}`);
    }
    const maps = fs.readdirSync(path.join(installed, 'dist')).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, [], 'no source maps in the .vsix');

    await server.start();
    const page = await t.openWorkbench({ on: server, devExtension: false });
    await openFile(page, 'seed_module.py');
    await runCommand(page, 'Loss Lens: Show Panel');
    const title = webview(page).locator('#ll-title');
    await title.waitFor({ timeout: 30_000 });
    assert.equal((await title.textContent())?.trim(), 'Loss Lens');
    await t.screenshot(page, 'vsix-panel');
  },
};
