// Extension test entry: what VS Code's `extensionTestsPath` points at — in code-server's real extension host
// (test/e2e/run.mjs), from F5 (.vscode/launch.json) or @vscode/test-electron's runTests. @vscode/test-cli
// (.vscode-test.mjs) runs the same compiled *.test.js files with its own runner and the same mocha options.
// mocha 10 on purpose: mocha 12 is ESM-only and fails to load inside the extension host.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname, { recursive: true })
    .map(String).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files next to ${__filename}`));
  for (const f of files) mocha.addFile(path.resolve(__dirname, f));
  // LOSS_LENS_GREP narrows the suite for a developer, e.g. LOSS_LENS_GREP=panel node test/e2e/run.mjs
  if (process.env.LOSS_LENS_GREP) mocha.grep(process.env.LOSS_LENS_GREP);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
