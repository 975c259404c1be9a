// What a UI scenario receives as `t`: the shared code-server and browser, plus helpers whose pages, browser
// contexts and extra code-servers are tracked and closed after the scenario, pass or fail.
import fs from 'node:fs';
import path from 'node:path';
import { CodeServer } from './codeServer.mjs';
import { consoleText, loadWorkbench } from './workbench.mjs';

export function makeScenarioContext({ browser, server, root, e2eDir, outDir, tmp, log, slug }) {
  const contexts = [];
  const servers = [];
  const pages = [];
  fs.mkdirSync(tmp, { recursive: true });
  let wsCount = 0;

  const t = {
    slug, root, outDir, server, log,
    /** A private temporary folder for this scenario (removed afterwards). */
    tmp,
    /** Console errors mentioning Loss Lens, from every page this scenario opened. */
    extensionErrors: [],
    /** A fresh copy of test/e2e/workspace (fresh path = no restored editors from an earlier scenario). */
    workspace() {
      const ws = path.join(tmp, `workspace-${++wsCount}`);
      fs.cpSync(path.join(e2eDir, 'workspace'), ws, { recursive: true });
      return ws;
    },
    /**
     * Opens a workbench page on `folder` (default: a fresh workspace copy). With devExtension (default) the
     * checkout is loaded as extensionDevelopmentPath, the way F5 does it.
     */
    async openWorkbench({ on = server, folder = t.workspace(), devExtension = true, viewport = { width: 1400, height: 900 } } = {}) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      pages.push(page);
      page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
      // Errors the workbench logs about our extension (activation failures, exceptions in command handlers)
      // fail the scenario even when the UI happened to look right.
      page.on('console', async (m) => {
        if (m.type() !== 'error') return;
        const { text } = await consoleText(m);
        if (/loss-?lens/i.test(text)) t.extensionErrors.push(text.split('\n').slice(0, 4).join(' / '));
      });
      const payload = devExtension ? [['extensionDevelopmentPath', on.remote(root)]] : [];
      await loadWorkbench(page, on.workbenchUrl(folder, payload));
      return page;
    },
    /** A second code-server (e.g. with a VSIX installed), stopped after the scenario. */
    newCodeServer(opts = {}) {
      const s = new CodeServer({ logPath: path.join(outDir, `code-server-${slug}-${servers.length + 1}.log`), ...opts });
      servers.push(s);
      return s;
    },
    async screenshot(page, name) {
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot ${path.relative(root, file)}`);
      return file;
    },
    async screenshotAll(prefix) {
      for (const [i, p] of pages.entries()) if (!p.isClosed()) await p.screenshot({ path: path.join(outDir, `${prefix}-${i + 1}.png`) });
    },
    async dispose({ keep = false } = {}) {
      for (const c of contexts) await c.close().catch(() => {});
      for (const s of servers) await s.stop({ keep }).catch(() => {});
    },
  };
  return t;
}
