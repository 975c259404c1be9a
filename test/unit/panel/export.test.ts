import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CSV_COLUMNS, csvField, runRecords, toCsv, toJson } from '../../../src/editor/panel/export';
import { HostRunStore } from '../../../src/editor/panel/hostStore';
import { recordsToBatch } from '../../../src/protocol/panel';
import { nonFiniteReviver } from '../../../src/protocol/nonfinite';
import { toJsonLine, type RunRecord } from '../../../src/protocol/record';

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

const R1: RunRecord[] = [
  { type: 'start', engine: 'builtin', backend: 'cpu', seed: 0, lr: 1e-4, file: '/ws/seed.py', line: 9, total_steps: 2 },
  { type: 'print', text: 'starting\n' },
  { type: 'step', step: 0, loss: 3.5, params: { w1: { grad_norm: 1, weight_norm: 2, update_ratio: null }, w2: { grad_norm: 3, weight_norm: 4, update_ratio: null } } },
  { type: 'print', text: 'loss 3.5\n' },
  { type: 'step', step: 1, loss: 'Infinity' as unknown as number, params: { w1: { grad_norm: Infinity, weight_norm: 2.5, update_ratio: 0.25 }, w2: { grad_norm: 5, weight_norm: 4, update_ratio: 0 } }, nonfinite_param: 'w1' },
  { type: 'end', status: 'diverged', steps: 2, first_nonfinite_step: 1, first_nonfinite_param: 'w1', elapsed_ms: 12 },
];

function feed(s: HostRunStore, id: string, records: RunRecord[]): void {
  for (const chunk of [records.slice(0, 3), records.slice(3)]) { // arrives in two deliveries, like the worker's batches
    const { batch, status } = recordsToBatch(id, chunk);
    s.noteRecords(id, chunk);
    if (batch) s.appendBatch(batch);
    if (status) s.applyStatus(status);
  }
}

function store(): HostRunStore {
  const s = new HostRunStore();
  s.add({ id: 'r1', label: 'manual, "lr=1e-4"' });
  feed(s, 'r1', R1);
  s.add({ id: 'r2', label: 'seq' });
  feed(s, 'r2', [{ type: 'step', step: 0, loss: 1, params: {} }]);
  return s;
}

test('CSV is long form: one row per run × step × parameter; step-0 update ratio empty, not NaN', async () => {
  const rows = parseCsv(await toCsv(store().all()));
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.deepEqual(rows.slice(1), [
    ['manual, "lr=1e-4"', '/ws/seed.py', '9', 'builtin', 'cpu', '0.0001', '0', '0', '3.5', 'w1', '1', '2', ''],
    ['manual, "lr=1e-4"', '/ws/seed.py', '9', 'builtin', 'cpu', '0.0001', '0', '0', '3.5', 'w2', '3', '4', ''],
    ['manual, "lr=1e-4"', '/ws/seed.py', '9', 'builtin', 'cpu', '0.0001', '0', '1', 'Infinity', 'w1', 'Infinity', '2.5', '0.25'],
    ['manual, "lr=1e-4"', '/ws/seed.py', '9', 'builtin', 'cpu', '0.0001', '0', '1', 'Infinity', 'w2', '5', '4', '0'],
    ['seq', '', '', '', '', '', '', '0', '1', '', '', '', ''],
  ]);
});

test('CPython\'s csv module and float() read the export back (non-finite values too)', async () => {
  const py = [
    'import csv, sys, json',
    'rows = list(csv.DictReader(sys.stdin, lineterminator="\\r\\n"))',
    'out = [[r["run"], r["step"], r["param"], float(r["loss"]), None if r["update_ratio"] == "" else float(r["update_ratio"])] for r in rows]',
    'print(json.dumps(out, allow_nan=True))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', py], { input: await toCsv(store().all()), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.replace(/\bInfinity\b/g, '"Infinity"'));
  assert.deepEqual(out, [
    ['manual, "lr=1e-4"', '0', 'w1', 3.5, null], ['manual, "lr=1e-4"', '0', 'w2', 3.5, null],
    ['manual, "lr=1e-4"', '1', 'w1', 'Infinity', 0.25], ['manual, "lr=1e-4"', '1', 'w2', 'Infinity', 0],
    ['seq', '0', '', 1, null],
  ]);
});

test('two runs with the same label stay apart in the run column', async () => {
  const s = new HostRunStore();
  for (const id of ['a', 'b']) { s.add({ id, label: 'same' }); feed(s, id, [{ type: 'step', step: 0, loss: 1, params: {} }]); }
  assert.deepEqual(parseCsv(await toCsv(s.all())).slice(1).map((r) => r[0]), ['same [a]', 'same [b]']);
});

test('CSV export of a 250,000-step run is complete (no truncation)', async () => {
  const s = new HostRunStore();
  s.add({ id: 'big', label: 'big' });
  const n = 250_000;
  const steps = Array.from({ length: n }, (_, i) => i);
  s.noteRecords('big', steps.map((i) => ({ type: 'step', step: i, loss: i * 0.5, params: {} })));
  const lines = (await toCsv(s.all())).split('\r\n');
  assert.equal(lines.length, n + 2); // header + rows + trailing empty
  assert.equal(lines[n], 'big,,,,,,,249999,124999.5,,,,');
  s.clear();
});

test('JSON export is the run records themselves, in their order (what the CLI\'s --json prints)', async () => {
  const j = JSON.parse(await toJson(store().all()));
  assert.equal(j.runs.length, 2);
  assert.equal(j.runs[0].label, 'manual, "lr=1e-4"');
  assert.deepEqual(j.runs[0].records, R1.map((r) => JSON.parse(toJsonLine(r))));
  assert.deepEqual(j.runs[1].records, [{ type: 'step', step: 0, loss: 1, params: {} }]);
  // And in memory, with non-finite numbers as numbers.
  const back = JSON.parse(await toJson(store().all()), nonFiniteReviver);
  assert.equal(back.runs[0].records[4].loss, Infinity);
  assert.deepEqual((await runRecords(store().get('r1')!)).map((r) => r.type), ['start', 'print', 'step', 'print', 'step', 'end']);
});
