// ESLint (flat config) with typescript-eslint's recommended rules, run by `npm run lint` and in `npm test`.
// Syntax-only rules (no type information) keep it to seconds on the whole tree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', 'test/e2e/workspace/**', '.e2e-tools/**', 'demo-output/**', 'test/**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      // `_`-prefixed names are deliberately unused (protocol-shaped callbacks, destructuring that drops a field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // `let x; x = new Thing(() => x…)`: a closure that reads the binding before its assignment is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `const pool = this` before an object literal with getters (a job handle) reads clearer than binding tricks.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // Fakes of the vscode API and records read back from JSON are untyped by nature.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS on purpose: mocha's entry as VS Code's test runner loads it; a .cjs helper shared with scripts/.
    files: ['test/integration/index.ts', 'test/unit/harness/counts.test.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    // Node scripts; the e2e and browser-smoke drivers also hold functions that run in the page.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
