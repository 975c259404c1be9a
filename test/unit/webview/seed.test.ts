// The run table and card show the seed the numbers follow: the program's own torch.manual_seed when it sets one
// before its loop (from the start record's seed_source), else the seed the run drew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable, metaText, type RunRow } from '../../../webview/table';
import { RunStore } from '../../../webview/runs';
import { recordsToBatch } from '../../../src/protocol/panel';
import type { StartRecord } from '../../../src/protocol/record';

function runFrom(start: StartRecord, metaSeed: number): { row: RunRow; meta: string } {
  const s = new RunStore();
  s.add({ id: 'a', label: 'train.py:8', file: 'train.py', line: 8, seed: metaSeed });
  s.applyStatus(recordsToBatch('a', [start]).status!);
  const row = buildTable(s, new Set()).find((r): r is RunRow => r.kind === 'run')!;
  return { row, meta: metaText(row.run) };
}

test('torch.manual_seed(0) at line 4: "seed 0 (set at line 4)", not the drawn seed', () => {
  const { row, meta } = runFrom({ type: 'start', engine: 'builtin', backend: 'cpu', seed: 8812, seed_source: { line: 4, seed: 0 } }, 8812);
  assert.equal(row.seed, '0 (set at line 4)');
  assert.match(meta, /seed 0 \(set at line 4\)/);
  assert.doesNotMatch(meta, /8812/);
});

test('no manual_seed: the drawn seed', () => {
  const { row, meta } = runFrom({ type: 'start', engine: 'builtin', backend: 'cpu', seed: 8812 }, 8812);
  assert.equal(row.seed, '8812');
  assert.match(meta, /seed 8812/);
});
