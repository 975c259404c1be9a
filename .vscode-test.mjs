// @vscode/test-cli configuration (`npx vscode-test`, and the VS Code "Extension Test Runner").
// The same compiled suite runs inside code-server via test/e2e/run.mjs, where VS Code cannot be downloaded.
// Build first: `node esbuild.js && npx tsc -p .` (npm test does both).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: 'test/e2e/workspace',
  version: 'stable',
  mocha: { ui: 'tdd', timeout: 30000, color: false },
  launchArgs: ['--disable-workspace-trust', '--disable-extensions'],
});
