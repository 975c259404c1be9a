#!/usr/bin/env node
// E2E driver: the built extension inside a real VS Code workbench (code-server 4.100.3), driven by
// playwright-core + Debian chromium, offline. Install the tools first: `bash test/e2e/install.sh`.
// Build first: `node esbuild.js && npx tsc -p .` (npm test does all of this).
//
//   node test/e2e/run.mjs [--only integration,ui] [--scenario NAME] [--out DIR] [--keep]
//
//   integration  the mocha suite of test/integration, run by its run() entry inside code-server's real
//                extension host (extensionTestsPath in the workbench URL payload)
//   ui           every module in test/e2e/scenarios/*.mjs, sharing one code-server and one browser
//   --scenario   only UI scenarios whose file name or title contains NAME
//   --out        screenshots and logs (default test-results/)
//   --keep       keep temporary workspaces, user-data and extensions dirs
// Prints mocha-style "N passing" / "N failing" lines (scripts/test-all.mjs sums them); exit 1 on any failure.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CodeServer, prefix } from './lib/codeServer.mjs';
import { consoleText } from './lib/workbench.mjs';
import { makeScenarioContext } from './lib/scenarioContext.mjs';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(e2eDir, '../..');
const { values: opt } = parseArgs({
  options: {
    only: { type: 'string', default: 'integration,ui' }, scenario: { type: 'string' },
    out: { type: 'string', default: path.join(root, 'test-results') }, keep: { type: 'boolean' },
  },
});
const parts = new Set(opt.only.split(','));
const outDir = path.resolve(opt.out);
fs.mkdirSync(outDir, { recursive: true });
const t0 = Date.now();
const secs = (t) => ((Date.now() - t) / 1000).toFixed(1);
const log = (...a) => console.log(`  [e2e +${secs(t0)}s]`, ...a);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function preflight() {
  const need = [
    [path.join(root, 'dist/extension.js'), 'run `node esbuild.js`'],
    [path.join(root, 'out/test/integration/index.js'), 'run `npx tsc -p .`'],
    [CHROMIUM, 'apt-get install chromium'],
    [path.join(prefix, 'driver/node_modules/playwright-core/package.json'), 'run `bash test/e2e/install.sh`'],
  ];
  for (const [file, fix] of need) if (!fs.existsSync(file)) throw new Error(`missing ${file}: ${fix}`);
  CodeServer.check();
}

/** Runs test/integration's run() inside the extension host; returns { passed, failed } from mocha's own report. */
async function runIntegration(browser, server, tmp) {
  console.log('\n  integration suite inside code-server\'s extension host');
  const ws = path.join(tmp, 'ws-integration');
  fs.cpSync(path.join(e2eDir, 'workspace'), ws, { recursive: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  let exited;
  const exitCode = new Promise((r) => { exited = r; });
  // The workbench calls window.codeAutomationExit(code) when the test runner's promise settles.
  await page.exposeFunction('codeAutomationExit', (code) => exited(code));
  const lines = [];
  const noise = /Creating a socket|connection token|Service Worker|ChatSessionStore|builtin extensions|Failed to load resource|Long running operations during shutdown|\[perf\]|Ignoring the error|unexpected service worker controller|^Canceled: Canceled/;
  page.on('console', async (m) => {
    const { level, text } = await consoleText(m);
    if (noise.test(text)) return;
    // mocha's spec reporter (console.log in the extension host) arrives as INFO messages.
    if (level === 'INFO' || level === 'log') { for (const l of text.split('\n')) { lines.push(l); console.log(`    | ${l}`); } }
    else if (level === 'ERR' || m.type() === 'error') console.log(`    ! ${text.split('\n').slice(0, 3).join(' / ')}`);
  });
  const t = Date.now();
  await page.goto(server.workbenchUrl(ws, [
    ['extensionDevelopmentPath', server.remote(root)],
    ['extensionTestsPath', server.remote(path.join(root, 'out/test/integration/index.js'))],
  ]));
  const code = await Promise.race([exitCode, new Promise((r) => setTimeout(() => r('timeout'), 10 * 60_000))]);
  await context.close();
  const count = (re) => lines.reduce((n, l) => { const m = re.exec(l); return n + (m ? Number(m[1]) : 0); }, 0);
  const passed = count(/^\s*(\d+) passing\b/);
  const failed = count(/^\s*(\d+) failing\b/);
  log(`integration suite finished with exit code ${code} in ${secs(t)}s`);
  if (code === 0 && passed > 0 && failed === 0) return { passed, failed };
  // A crash, a timeout or a lost report is a failure even when mocha printed nothing.
  console.log(`  integration suite FAILED: exit code ${code}, ${passed} passing and ${failed} failing reported`);
  return { passed, failed: Math.max(failed, 1), reportedFailed: failed };
}

async function loadScenarios() {
  const dir = path.join(e2eDir, 'scenarios');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const mods = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)).default;
    if (!mod || typeof mod.run !== 'function' || typeof mod.title !== 'string') {
      throw new Error(`${f} must export default { title, run(t) }`);
    }
    if (opt.scenario && !f.includes(opt.scenario) && !mod.title.includes(opt.scenario)) continue;
    mods.push({ file: f, ...mod });
  }
  if (mods.length === 0) throw new Error(`no UI scenarios selected in ${dir}`);
  return mods;
}

async function runScenarios(browser, server, tmp) {
  const scenarios = await loadScenarios();
  console.log(`\n  UI scenarios (${scenarios.length})`);
  const failures = [];
  let passed = 0;
  for (const [i, s] of scenarios.entries()) {
    const t = Date.now();
    const ctx = makeScenarioContext({ browser, server, root, e2eDir, outDir, tmp: path.join(tmp, `s${i}`), log, slug: s.file.replace(/\.mjs$/, '') });
    try {
      const limit = s.timeoutMs ?? 180_000;
      let timer;
      await Promise.race([
        s.run(ctx),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`no result after ${limit / 1000}s`)), limit); }),
      ]).finally(() => clearTimeout(timer));
      if (ctx.extensionErrors.length) throw new Error(`the workbench logged errors about Loss Lens:\n${ctx.extensionErrors.join('\n')}`);
      passed++;
      console.log(`    ✔ ${s.title} (${secs(t)}s)`);
    } catch (e) {
      failures.push({ title: s.title, error: e });
      console.log(`    ${failures.length}) ${s.title} (${secs(t)}s)`);
      await ctx.screenshotAll(`failure-${ctx.slug}`).catch(() => {});
    } finally {
      await ctx.dispose({ keep: opt.keep });
    }
  }
  return { passed, failures };
}

let server; let browser;
// Stopped from outside (Ctrl-C, npm test's timeout): stop code-server's process group before exiting.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    console.log(`\n  e2e interrupted by ${sig}: stopping code-server`);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop({ keep: opt.keep }).catch(() => {});
    // Servers started by a scenario are killed by codeServer.mjs's exit hook.
    console.log('  1 failing (interrupted)');
    process.exit(1);
  });
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-e2e-'));
let integration = { passed: 0, failed: 0 };
let ui = { passed: 0, failures: [] };
let fatal;
try {
  preflight();
  server = new CodeServer({ logPath: path.join(outDir, 'code-server.log') });
  await server.start();
  log(`code-server ready on ${server.origin} after ${server.startupSeconds.toFixed(1)}s`);
  const { chromium } = createRequire(path.join(prefix, 'driver/package.json'))('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  if (parts.has('integration')) integration = await runIntegration(browser, server, tmp);
  if (parts.has('ui')) ui = await runScenarios(browser, server, tmp);
} catch (e) {
  fatal = e;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop({ keep: opt.keep });
  if (!opt.keep) fs.rmSync(tmp, { recursive: true, force: true });
}

// Mocha-style report of the UI scenarios (the integration suite printed its own above).
console.log('');
if (fatal) {
  console.log(`  e2e could not run: ${fatal.stack || fatal.message}`);
  console.log('  1 failing');
} else if (parts.has('ui')) {
  console.log(`  ${ui.passed} passing (${secs(t0)}s)`);
  if (ui.failures.length) {
    console.log(`  ${ui.failures.length} failing\n`);
    const plain = (e) => (e.stack || String(e)).replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), ''); // playwright colours its call logs
    ui.failures.forEach((f, i) => console.log(`  ${i + 1}) ${f.title}:\n     ${plain(f.error).split('\n').join('\n     ')}\n`));
  }
}
if (integration.failed && !integration.reportedFailed) console.log(`  ${integration.failed - (integration.reportedFailed ?? 0)} failing (integration suite did not report)`);
const failed = Boolean(fatal) || integration.failed > 0 || ui.failures.length > 0;
log(failed ? 'RESULT: FAIL' : 'RESULT: PASS', `(screenshots and code-server.log in ${outDir})`);
process.exit(failed ? 1 : 0);
