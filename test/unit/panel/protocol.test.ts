import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBatch, encodeBatch, parseWebviewMessage, recordsToBatch } from '../../../src/protocol/panel';
import { PostQueue, mergeBatches, type Scheduler } from '../../../src/editor/panel/postQueue';
import { HostRunStore } from '../../../src/editor/panel/hostStore';

test('records fold into aligned columns; a parameter appearing late is NaN-padded', () => {
  const { batch, status } = recordsToBatch('r', [
    { type: 'start', engine: 'builtin', backend: 'wasm', seed: 7, lr: 0.01, total_steps: 501, file: 'a.py', line: 3 },
    { type: 'print', text: 'hi' },
    { type: 'step', step: 0, loss: 2, params: { a: { grad_norm: 1, weight_norm: 1, update_ratio: null } } },
    { type: 'step', step: 1, loss: 'NaN' as unknown as number, params: { a: { grad_norm: 1, weight_norm: 1, update_ratio: 0.1 }, b: { grad_norm: 9, weight_norm: 8, update_ratio: 0.2 } }, nonfinite_param: 'b' },
  ]);
  assert.deepEqual(batch!.steps, [0, 1]);
  assert.ok(Number.isNaN(batch!.loss[1]));
  assert.deepEqual(batch!.params.b.grad.map(String), ['NaN', '9']);
  assert.deepEqual(batch!.nonfinite.map((e) => [e.step, e.param]), [[1, 'b']]);
  assert.equal(status!.status, 'running');
  assert.equal(status!.totalSteps, 501);
  assert.equal(status!.steps, 2);
});

test('error and end records become status patches', () => {
  assert.equal(recordsToBatch('r', [{ type: 'error', error: 'NameError', message: "name 'x' is not defined", line: 4 }]).status!.error, "NameError: name 'x' is not defined (line 4)");
  const end = recordsToBatch('r', [{ type: 'end', status: 'diverged', steps: 4, first_nonfinite_step: 3, first_nonfinite_param: 'w1' }]);
  assert.equal(end.batch, undefined);
  assert.deepEqual([end.status!.status, end.status!.firstNonfiniteStep, end.status!.firstNonfiniteParam], ['diverged', 3, 'w1']);
});

test('unknown webview messages fail loudly; known ones pass', () => {
  assert.throws(() => parseWebviewMessage({ type: 'rerunn' }), /unknown message/);
  assert.throws(() => parseWebviewMessage({ type: 'request', request: { type: 'delete' } }), /unknown message/);
  assert.throws(() => parseWebviewMessage(null), /unknown message/);
  assert.equal(parseWebviewMessage({ type: 'request', request: { type: 'rerun', runId: 'a', lr: 1e-6 } }).type, 'request');
  assert.equal(parseWebviewMessage({ type: 'pin', runId: 'a', pinned: true }).type, 'pin');
});

function fakeScheduler() {
  let t = 0; const timers: { at: number; fn: () => void }[] = [];
  const s: Scheduler = { now: () => t, setTimeout: (fn, ms) => { const h = { at: t + ms, fn }; timers.push(h); return h; }, clearTimeout: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1); } };
  const advance = (ms: number) => { t += ms; for (const h of timers.filter((h) => h.at <= t)) { timers.splice(timers.indexOf(h), 1); h.fn(); } };
  return { s, advance };
}

const b = (runId: string, step: number) => ({ runId, steps: [step], loss: [step], params: { w: { grad: [1], weight: [1], ratio: [1] } }, nonfinite: [] });

test('the post queue sends at most one message per 33 ms, merging batches per run in order', () => {
  const { s, advance } = fakeScheduler();
  const posts: { steps: number[][]; statuses: number }[] = [];
  const q = new PostQueue((bs, ss) => posts.push({ steps: bs.map((x) => x.steps), statuses: ss.length }), 33, s);
  for (let i = 0; i < 1000; i++) { q.push(b('r', i), { runId: 'r', steps: i + 1 }); advance(1); }
  advance(100);
  assert.ok(posts.length <= Math.ceil(1100 / 33) + 1, `${posts.length} posts for 1000 records over 1.1 s`);
  assert.ok(posts.length >= 20, 'but it does keep posting while records arrive');
  const all = posts.flatMap((p) => p.steps.flat());
  assert.deepEqual(all, Array.from({ length: 1000 }, (_, i) => i), 'every step delivered once, in order');
});

test('dropRun and discard remove pending data', () => {
  const { s, advance } = fakeScheduler();
  const posts: string[][] = [];
  const q = new PostQueue((bs) => posts.push(bs.map((x) => x.runId)), 33, s);
  q.push(b('a', 0), undefined); q.push(b('b', 0), undefined); q.dropRun('a');
  advance(50);
  assert.deepEqual(posts, [['b']]);
  q.push(b('c', 0), undefined); q.discard(); advance(50);
  assert.equal(posts.length, 1);
});

test('mergeBatches keeps parameter columns aligned', () => {
  const m = mergeBatches(b('r', 0), { runId: 'r', steps: [1], loss: [1], params: { v: { grad: [2], weight: [2], ratio: [2] } }, nonfinite: [] });
  assert.deepEqual(m.params.w.grad.map(String), ['1', 'NaN']);
  assert.deepEqual(m.params.v.grad.map(String), ['NaN', '2']);
});

test('host store folds batches into per-parameter series and resends them as aligned rows', () => {
  const s = new HostRunStore();
  s.appendBatch(b('r', 0));
  s.appendBatch({ runId: 'r', steps: [1, 2], loss: [1, 2], params: { v: { grad: [5, 6], weight: [5, 6], ratio: [5, 6] } }, nonfinite: [{ step: 2, value: NaN }] });
  const r = s.get('r')!;
  assert.equal(r.meta.label, 'r', 'records for an unknown run create it');
  assert.deepEqual(r.series.get('grad:w')!.points(), [{ x: 0, y: 1 }]);
  assert.deepEqual(r.series.get('grad:v')!.points(), [{ x: 1, y: 5 }, { x: 2, y: 6 }]);
  assert.equal(r.nonfinite.length, 1);
  assert.equal(r.rows, 3); assert.equal(r.lastStep, 2); assert.ok(r.contiguous);
  const [re] = s.resyncBatches('r', 1);
  assert.deepEqual(re.steps, [1, 2]);
  assert.deepEqual(re.params.w.grad.map(String), ['NaN', 'NaN']);
  assert.deepEqual(re.params.v.grad.map(String), ['5', '6']);
  s.clear();
});

test('a batch survives webview.postMessage\'s JSON serialisation: NaN and ±Infinity come back, not null', () => {
  const b = { runId: 'r', steps: [0, 1, 2], loss: [3e7, Infinity, NaN],
    params: { w1: { grad: [1, -Infinity, NaN], weight: [2, 2, 2], ratio: [NaN, 0.5, 0.25] } },
    nonfinite: [{ step: 1, value: Infinity, param: 'w1' }, { step: 2, value: NaN }] };
  const wire = JSON.parse(JSON.stringify(encodeBatch(b)));
  const back = decodeBatch(wire);
  assert.deepEqual(back.loss.map(String), ['30000000', 'Infinity', 'NaN']);
  assert.deepEqual(back.params.w1.grad.map(String), ['1', '-Infinity', 'NaN']);
  assert.deepEqual(back.params.w1.ratio.map(String), ['NaN', '0.5', '0.25']);
  assert.deepEqual(back.nonfinite.map((e) => [e.step, String(e.value), e.param]), [[1, 'Infinity', 'w1'], [2, 'NaN', undefined]]);
  // Unencoded JSON turns them into null: what the webview used to receive.
  assert.equal(JSON.parse(JSON.stringify(b)).nonfinite[0].value, null);
});
