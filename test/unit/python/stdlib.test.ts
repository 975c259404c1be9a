// The standard library against CPython 3.11: each program's output (stdout and stderr) on our interpreter must
// equal CPython's for the same program (see stdlib_harness.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from './helpers';
import { runBoth } from './stdlib_harness';
import { LANG_CASES } from './stdlib_cases_lang';
import { SYSTEM_CASES } from './stdlib_cases_system';
import { SCRIPT_CASES } from './stdlib_cases_scripts';

export const CASES: Record<string, string> = { ...LANG_CASES, ...SYSTEM_CASES, ...SCRIPT_CASES };

for (const [name, source] of Object.entries(CASES)) {
  test(`stdlib vs CPython: ${name}`, async () => {
    await ready;
    const { ours, cpython } = runBoth(source);
    assert.equal(ours, cpython);
  });
}
