// A user opens the seed snippet and runs "Loss Lens: Show Panel" from the command palette: the panel's webview
// shows the Loss Lens heading under a strict, nonce-based Content-Security-Policy.
import assert from 'node:assert/strict';
import { openFile, runCommand, webview } from '../lib/workbench.mjs';

export default {
  title: 'Show Panel from the command palette opens the Loss Lens webview',
  async run(t) {
    const page = await t.openWorkbench();
    await openFile(page, 'seed_manual.py');
    await runCommand(page, 'Loss Lens: Show Panel');
    const view = webview(page);
    const title = view.locator('#ll-title');
    await title.waitFor({ timeout: 30_000 });
    assert.equal((await title.textContent())?.trim(), 'Loss Lens');

    const csp = await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content', { timeout: 5_000 });
    assert.ok(csp, 'the webview declares a Content-Security-Policy');
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
    assert.match(scriptSrc, /'nonce-[A-Za-z0-9+/=_-]{16,}'/, `script-src uses a nonce: ${csp}`);
    assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval|\*/, `script-src is strict: ${csp}`);

    // The panel opened as an editor tab titled Loss Lens, next to the snippet.
    await page.locator('.tabs-container .tab', { hasText: 'Loss Lens' }).first().waitFor({ timeout: 10_000 });
    await t.screenshot(page, 'panel');
  },
};
