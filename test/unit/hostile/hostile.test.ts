// Hostile snippets through the runner, in-process: each must end with the error CPython 3.11 / PyTorch 1.13 give
// (type, message, innermost line of the snippet; recorded by generate.py in expected.json), never with a
// JavaScript crash or an "internal error", and the process must run a normal snippet afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSnippet } from '../../../src/run/runner';
import { setDefaultMaxItems } from '../../../src/python/limits';
import type { RunRecord } from '../../../src/protocol/record';

interface Case {
  name: string;
  source: string;
  caps: 'small' | 'default';
  error: string | null;
  message?: string | null;
  message_sha256?: string;
  message_prefix?: string;
  message_length?: number;
  line: number | null;
  stdout: string;
}

const dir = path.resolve(__dirname, '../../../../test/unit/hostile');
const cases = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Case[];

/** Container cap for "small" cases: MemoryError comes after a million items instead of fifty million. */
const SMALL_MAX_ITEMS = 1_000_000;

async function run(source: string): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ source, backend: 'cpu', seed: 0 }, (r) => out.push(r));
  return out;
}

const printed = (recs: RunRecord[]): string => recs.map((r) => (r.type === 'print' ? r.text : '')).join('');

const NORMAL = 'import torch\nx = torch.ones(3)\nd = {"a": [1, 2] * 2}\nprint(d, x.sum().item())\n';

for (const c of cases) {
  test(`hostile: ${c.name}`, { timeout: 120_000 }, async () => {
    const prev = c.caps === 'small' ? setDefaultMaxItems(SMALL_MAX_ITEMS) : null;
    let recs: RunRecord[];
    try { recs = await run(c.source); } finally { if (prev !== null) setDefaultMaxItems(prev); }
    const err = recs.find((r) => r.type === 'error');
    const end = recs[recs.length - 1];
    assert.equal(end.type, 'end');
    if (c.error === null) {
      assert.equal(err, undefined, `unexpected error ${JSON.stringify(err)}`);
      assert.equal(end.type === 'end' && end.status, 'done');
    } else {
      assert.ok(err && err.type === 'error', `expected ${c.error}, got ${JSON.stringify(end)}`);
      assert.equal(err.error, c.error);
      if (c.message_sha256 !== undefined) {
        assert.equal(err.message.length, c.message_length);
        assert.equal(err.message.slice(0, 80), c.message_prefix);
        assert.equal(createHash('sha256').update(err.message).digest('hex'), c.message_sha256);
      } else assert.equal(err.message, c.message);
      assert.equal(err.line, c.line ?? undefined);
    }
    assert.equal(printed(recs), c.stdout);
    // The process is still healthy: a normal snippet runs and prints what CPython would.
    const after = await run(NORMAL);
    assert.equal(printed(after), "{'a': [1, 2, 1, 2]} 3.0\n");
  });
}
