// The host's run store keeps downsampled series in memory and every record on disk: its memory must not grow with
// the run's length, and the exports must still give every record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { HostRunStore, SERIES_CAP } from '../../../src/editor/panel/hostStore';
import { toCsv, toJson } from '../../../src/editor/panel/export';
import { logLine, parseLogLine, pruneLogs } from '../../../src/editor/runs/runLog';
import { recordsToBatch } from '../../../src/protocol/panel';
import { toJsonLine, type RunRecord } from '../../../src/protocol/record';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };

/** Record i of a long run: steps with two parameters, a print every 1,000 steps, a NaN loss at step 150,000. */
function rec(i: number): RunRecord {
  if (i % 1001 === 1000) return { type: 'print', text: `step ${i}\n` };
  const step = i - Math.floor(i / 1001);
  const loss = step === 150_000 ? NaN : 1 / (1 + step) + (step % 7) * 1e-3;
  return {
    type: 'step', step, loss,
    params: {
      w: { grad_norm: Math.sin(step) + 2, weight_norm: 1 + step * 1e-6, update_ratio: step ? 1e-3 * (1 + Math.cos(step)) : null },
      'fc.bias': { grad_norm: step % 1000 === 999 ? Infinity : 0.5, weight_norm: 0.25, update_ratio: step ? 0 : null },
    },
  };
}

function feed(s: HostRunStore, id: string, records: RunRecord[]): void {
  // What the panel host does with each delivery from an engine.
  const { batch, status } = recordsToBatch(id, records);
  s.noteRecords(id, records);
  if (batch) s.appendBatch(batch);
  if (status) s.applyStatus(status);
}

test('200,000 records: the host\'s memory stays flat and the export is every record', { timeout: 600_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-runlog-'));
  const s = new HostRunStore(dir);
  s.add({ id: 'long', label: 'long run' });
  const N = 200_000, BATCH = 500;
  const all: RunRecord[] = [{ type: 'start', engine: 'builtin', backend: 'cpu', seed: 7 }];
  for (let i = 0; i < N; i++) all.push(rec(i));
  all.push({ type: 'end', status: 'done', steps: N - Math.floor(N / 1001) });
  // The records are generated up front (their memory is the test's, not the store's), then streamed in.
  let base = 0, at20k = 0;
  for (let i = 0; i < all.length; i += BATCH) {
    feed(s, 'long', all.slice(i, i + BATCH));
    if (i === 20_000) { base = heapMb(); at20k = s.get('long')!.rows; }
  }
  const grown = heapMb() - base;
  const run = s.get('long')!;
  t.diagnostic(`host heap ${grown >= 0 ? '+' : ''}${grown.toFixed(2)} MB from step ${at20k} to ${run.rows}`);
  // Keeping every step in columns (steps, loss, 3 numbers × 2 parameters) would cost ≥ 8 doubles a step: about
  // 11 MB for the 180,000 steps after the first sample. The series are bounded whatever the length.
  assert.ok(grown < 3, `host heap grew ${grown.toFixed(2)} MB from ${at20k} to ${run.rows} steps`);
  for (const series of run.series.values()) assert.ok(series.count <= SERIES_CAP, `${series.count} buckets`);
  assert.equal(run.log.count, all.length);

  const json = JSON.parse(await toJson(s.all()));
  assert.equal(json.runs[0].label, 'long run');
  assert.equal(json.runs[0].records.length, all.length);
  assert.deepEqual(json.runs[0].records, all.map((r) => JSON.parse(toJsonLine(r))), 'JSON export = every record, non-finite as strings');
  const csv = (await toCsv(s.all())).split('\r\n');
  const stepRecs = all.filter((r) => r.type === 'step');
  assert.equal(csv.length, 1 + 2 * stepRecs.length + 1, 'one row per step × parameter, header, trailing newline');
  assert.match(csv[1 + 2 * 150_000], /^long run,,,builtin,cpu,,7,150000,NaN,w,/);
  s.clear();
  assert.deepEqual(fs.readdirSync(dir), [], 'a run that leaves the store takes its log with it');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('log lines round-trip: non-finite numbers as the codec\'s strings, "NaN" in printed text stays text', () => {
  const recs: RunRecord[] = [
    { type: 'print', text: 'NaN' },
    { type: 'step', step: 0, loss: NaN, params: { w: { grad_norm: -Infinity, weight_norm: 1, update_ratio: null } }, nonfinite_param: 'w' },
    { type: 'step', step: 1, loss: 2, params: { w: { grad_norm: 1, weight_norm: 1, update_ratio: 0.5 } } },
    { type: 'error', error: 'RuntimeError', message: 'Infinity', line: 3 },
  ];
  for (const r of recs) {
    assert.equal(logLine(r), toJsonLine(r));
    assert.deepEqual(parseLogLine(logLine(r)), r);
  }
});

test('pruning keeps the newest logs and any written to within the hour, and never a live one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-prune-'));
  const now = Date.now();
  const names: string[] = [];
  for (let i = 0; i < 30; i++) {
    const f = path.join(dir, `f${String(i).padStart(2, '0')}.jsonl`);
    fs.writeFileSync(f, '{}\n');
    // f00 newest … f29 oldest; f25 was written 10 minutes ago (a run of another window still going).
    const age = i === 25 ? 10 * 60_000 : (i + 1) * 2 * 3600_000;
    fs.utimesSync(f, (now - age) / 1000, (now - age) / 1000);
    names.push(f);
  }
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a log');
  const deleted = pruneLogs(dir, new Set([names[28]]), 20, 3600_000, now).map((f) => path.basename(f)).sort();
  // f25 is among the newest 20 by mtime (10 minutes old), which pushes f19 out of them.
  assert.deepEqual(deleted, ['f19', 'f20', 'f21', 'f22', 'f23', 'f24', 'f26', 'f27', 'f29'].map((n) => `${n}.jsonl`));
  assert.ok(fs.existsSync(path.join(dir, 'notes.txt')));
  fs.rmSync(dir, { recursive: true, force: true });
});
