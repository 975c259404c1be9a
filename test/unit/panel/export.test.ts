import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, toCsv, toJson } from '../../../src/editor/panel/export';
import { HostRunStore } from '../../../src/editor/panel/hostStore';
import { recordsToBatch } from '../../../src/protocol/panel';
import type { RunRecord } from '../../../src/protocol/record';

/** RFC 4180 reader, independent of the writer, to check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []; let row: string[] = []; let f = ''; let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) { if (c === '"') { if (text[i + 1] === '"') { f += '"'; i++; } else q = false; } else f += c; continue; }
    if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; }
    else f += c;
  }
  return rows;
}

test('csvField quotes commas, quotes, newlines and edge spaces, and nothing else', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' pad'), '" pad"');
  assert.equal(csvField(1e-4), '0.0001');
  assert.equal(csvField(-Infinity), '-Infinity');
});

function store(): HostRunStore {
  const s = new HostRunStore();
  s.add({ id: 'r1', label: 'manual, "lr=1e-4"\nseed 0' });
  const recs: RunRecord[] = [
    { type: 'start', engine: 'builtin', backend: 'cpu', seed: 0, lr: 1e-4 },
    { type: 'step', step: 0, loss: 3.5, params: { w1: { grad_norm: 1, weight_norm: 2, update_ratio: null }, w2: { grad_norm: 3, weight_norm: 4, update_ratio: null } } },
    { type: 'step', step: 1, loss: 'Infinity' as unknown as number, params: { w1: { grad_norm: Infinity, weight_norm: 2.5, update_ratio: 0.25 }, w2: { grad_norm: 5, weight_norm: 4, update_ratio: 0 } }, nonfinite_param: 'w1' },
    { type: 'end', status: 'diverged', steps: 2, first_nonfinite_step: 1, first_nonfinite_param: 'w1' },
  ];
  const { batch, status } = recordsToBatch('r1', recs);
  s.appendBatch(batch!); s.applyStatus(status!);
  s.add({ id: 'r2', label: 'seq' });
  s.appendBatch(recordsToBatch('r2', [{ type: 'step', step: 0, loss: 1, params: { 'model.0.weight': { grad_norm: 0.5, weight_norm: 6, update_ratio: null } } }]).batch!);
  return s;
}

test('CSV has one row per run × step, every parameter column, and reads back exactly', () => {
  const rows = parseCsv(toCsv(store().all()));
  assert.deepEqual(rows[0], ['run', 'label', 'step', 'loss',
    'w1.grad_norm', 'w1.weight_norm', 'w1.update_ratio', 'w2.grad_norm', 'w2.weight_norm', 'w2.update_ratio',
    'model.0.weight.grad_norm', 'model.0.weight.weight_norm', 'model.0.weight.update_ratio']);
  assert.equal(rows.length, 1 + 3);
  assert.deepEqual(rows[1], ['r1', 'manual, "lr=1e-4"\nseed 0', '0', '3.5', '1', '2', 'NaN', '3', '4', 'NaN', 'NaN', 'NaN', 'NaN']);
  assert.deepEqual(rows[2].slice(2, 7), ['1', 'Infinity', 'Infinity', '2.5', '0.25']);
  assert.deepEqual(rows[3], ['r2', 'seq', '0', '1', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', '0.5', '6', 'NaN']);
});

test('CSV export of a 1,000,000-step run is complete (no truncation)', () => {
  const s = new HostRunStore();
  s.add({ id: 'big', label: 'big' });
  const n = 1_000_000;
  const steps = Array.from({ length: n }, (_, i) => i);
  s.appendBatch({ runId: 'big', steps, loss: steps.map((i) => i * 0.5), params: {}, nonfinite: [] });
  const csv = toCsv(s.all());
  const lines = csv.split('\r\n');
  assert.equal(lines.length, n + 2); // header + rows + trailing empty
  assert.equal(lines[n], 'big,big,999999,499999.5');
});

test('JSON export keeps every point and spells non-finite numbers as strings', () => {
  const j = JSON.parse(toJson(store().all()));
  assert.equal(j.runs.length, 2);
  assert.deepEqual(j.runs[0].steps, [0, 1]);
  assert.deepEqual(j.runs[0].loss, [3.5, 'Infinity']);
  assert.deepEqual(j.runs[0].params.w1.grad_norm, [1, 'Infinity']);
  assert.deepEqual(j.runs[0].params.w1.update_ratio, ['NaN', 0.25]);
  assert.equal(j.runs[0].status.status, 'diverged');
  assert.equal(j.runs[0].status.firstNonfiniteParam, 'w1');
});
