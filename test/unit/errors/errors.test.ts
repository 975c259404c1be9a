// Beginner mistakes in training code (generate.py: shape and dtype mismatches, wrong loss targets, autograd
// misuse, optimizer and Module set-up slips, Python errors in the loop, syntax errors, loops that never end) run
// through our runner: each must end as PyTorch 1.13 / CPython 3.11 ended it (recorded in expected.json by
// generate.py): the same exception type, message and snippet line, the same printed text, the same status and
// step count; never an internal error or a JavaScript stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

interface Outcome {
  error: string | null;
  message: string | null;
  line: number | null;
  status: string;
  steps: number;
  stdout: string;
  /** Python warnings raised, once each ("UserWarning: ..."). */
  warnings: string[];
}

interface Case {
  name: string;
  source: string;
  steps?: number;
  /** "first_line": PyTorch's message goes on with a long signature listing; its first line is compared. */
  compare?: 'first_line';
  /** Fields where PyTorch 2.x, which Loss Lens follows where the two differ, replaces 1.13's outcome. */
  pytorch2?: Partial<Outcome>;
  expected: Outcome;
}

const dir = path.resolve(__dirname, '../../../../test/unit/errors');
const cases = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Case[];

/** Our run of a snippet, reduced to the fields generate.py records for PyTorch. */
export async function ours(c: Pick<Case, 'source' | 'steps'>): Promise<Outcome> {
  const recs: RunRecord[] = [];
  await runSnippet({ source: c.source, backend: 'cpu', seed: 0, steps: c.steps }, (r) => recs.push(r));
  const err = recs.find((r) => r.type === 'error');
  const end = recs[recs.length - 1];
  // Our warnings travel as printed lines "Warning: <Category>: <message>" (PyTorch writes them to stderr).
  const printed = recs.map((r) => (r.type === 'print' ? r.text : '')).join('');
  const warning = /^Warning: (\w*Warning: .*)\n/gm;
  return {
    error: err?.type === 'error' ? err.error : null,
    message: err?.type === 'error' ? err.message : null,
    line: err?.type === 'error' ? err.line ?? null : null,
    status: end.type === 'end' ? end.status : `no end record (${end.type})`,
    steps: end.type === 'end' ? end.steps : -1,
    stdout: printed.replace(warning, ''),
    warnings: [...printed.matchAll(warning)].map((m) => m[1]),
  };
}

const firstLine = (s: string | null): string | null => (s === null ? null : s.split('\n')[0]);

for (const c of cases) {
  test(`broken snippet: ${c.name}`, { timeout: 120_000 }, async () => {
    const got = await ours(c);
    const want = { ...c.expected, ...c.pytorch2 };
    if (c.compare === 'first_line') {
      got.message = firstLine(got.message);
      want.message = firstLine(want.message);
    }
    // steps: PyTorch counts the backward() calls that completed before the error, and so do we.
    assert.deepEqual(got, want);
  });
}
