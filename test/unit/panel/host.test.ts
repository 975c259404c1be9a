import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fake, fakeContext, FakeUri } from './fakeVscode';
import { registerPanel, PANEL_VIEW_TYPE, type PanelRequest } from '../../../src/editor/panel/panelHost';
import type { RunRecord } from '../../../src/protocol/record';

const step = (s: number, loss: number): RunRecord => ({ type: 'step', step: s, loss, params: { w1: { grad_norm: 1, weight_norm: 2, update_ratio: s ? 0.1 : null } } });
const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));

function setup() {
  fake.panels.length = 0;
  const ctx = fakeContext();
  const host = registerPanel(ctx);
  return { host, ctx };
}

test('registers the command and the serializer; show() reveals instead of duplicating', () => {
  const { host, ctx } = setup();
  assert.ok(fake.commands.has('lossLens.showPanel'));
  assert.ok(fake.serializers.has(PANEL_VIEW_TYPE));
  host.show(); host.show(true);
  assert.equal(fake.panels.length, 1);
  assert.equal(fake.panels[0].reveals, 1);
  for (const d of ctx.subscriptions) d.dispose();
});

test('the HTML has the title, a nonce CSP, no inline script, and local roots limited to dist and media', () => {
  const { host } = setup();
  host.show();
  const p = fake.panels[0];
  const html = p.webview.html;
  assert.match(html, /<h1 id="ll-title">Loss Lens<\/h1>/);
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce, 'script-src with a nonce');
  assert.match(html, /default-src 'none'/);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) { assert.ok(attrs.includes(`nonce="${nonce}"`) && /src="[^"]+dist\/webview\.js"/.test(attrs)); assert.equal(body.trim(), ''); }
  assert.deepEqual(p.options.localResourceRoots.map((u: FakeUri) => u.path), ['/ext/dist', '/ext/media']);
  assert.equal(p.options.retainContextWhenHidden, false);
  assert.equal(p.options.enableScripts, true);
});

test('nothing is posted before ready; ready gets the runs, then records stream throttled', async () => {
  const { host } = setup();
  host.addRun({ id: 'r1', label: 'manual', lr: 1e-4 });
  host.appendRecords('r1', [step(0, 5), step(1, 50)]);
  host.show();
  const p = fake.panels[0];
  await tick();
  assert.equal(p.posted.length, 0, 'posts before ready would be lost or duplicated');
  p.send({ type: 'ready', have: {} });
  assert.deepEqual(p.posted.map((m) => m.type), ['sync', 'addRun', 'batch']);
  assert.deepEqual(p.posted[2].batches[0].steps, [0, 1]);
  p.posted.length = 0;
  for (let s = 2; s < 200; s++) host.appendRecords('r1', [step(s, 1)]);
  await tick(120);
  const batches = p.posted.filter((m) => m.type === 'batch');
  assert.ok(batches.length >= 1 && batches.length <= 5, `${batches.length} posts for 198 appends`);
  assert.deepEqual(batches.flatMap((m) => m.batches.flatMap((b: any) => b.steps)), Array.from({ length: 198 }, (_, i) => i + 2));
});

test('a reloaded webview gets only the rows it lacks', () => {
  const { host } = setup();
  host.addRun({ id: 'r1', label: 'a' });
  host.appendRecords('r1', Array.from({ length: 10 }, (_, s) => step(s, s)));
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: { r1: 7 } });
  const b = p.posted.find((m) => m.type === 'batch');
  assert.deepEqual(b.batches[0].steps, [7, 8, 9]);
});

test('toolbar requests fire onDidRequest; Clear keeps pinned runs; removing from the legend removes from the host', async () => {
  const { host } = setup();
  const seen: PanelRequest[] = [];
  host.onDidRequest((r) => seen.push(r));
  for (const id of ['a', 'b', 'c']) { host.addRun({ id, label: id }); host.appendRecords(id, [step(0, 1), { type: 'end', status: 'done', steps: 1 }]); }
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: {} });
  p.send({ type: 'pin', runId: 'b', pinned: true });
  p.send({ type: 'removeRun', runId: 'c' });
  p.send({ type: 'request', request: { type: 'rerun', runId: 'a', lr: 1e-6 } });
  p.send({ type: 'request', request: { type: 'clear' } });
  assert.deepEqual(seen, [{ type: 'rerun', runId: 'a', lr: 1e-6 }, { type: 'clear' }]);
  const csv = (await host.exportData('csv')).trim().split('\r\n');
  assert.deepEqual([...new Set(csv.slice(1).map((l) => l.split(',')[0]))], ['b'], 'only the pinned run is left');
  assert.ok(p.posted.some((m) => m.type === 'removeRun' && m.runId === 'a'));
  host.addRun({ id: 'live', label: 'live' });
  host.appendRecords('live', [{ type: 'start', engine: 'builtin', backend: 'cpu', seed: 0 }]);
  host.clearRuns();
  assert.ok((await host.exportData('json')).includes('"live"'), 'a running run survives Clear');
  host.addRun({ id: 'starting', label: 'starting' });
  host.clearRuns();
  assert.ok((await host.exportData('json')).includes('"starting"'), 'so does one whose start record has not arrived yet');
  assert.doesNotThrow(() => p.send({ type: 'bogus' }), 'a forged message is logged, not thrown into VS Code');
  assert.match(host.receive({ type: 'bogus' })!, /^Loss Lens panel: unknown message from webview: \{"type":"bogus"\}$/);
});

test('exportData is complete and saveExport writes through the save dialog, then offers Open / Reveal', async () => {
  const { host } = setup();
  host.addRun({ id: 'r', label: 'r' });
  host.appendRecords('r', Array.from({ length: 5000 }, (_, s) => step(s, s === 3 ? Infinity : s)));
  assert.equal((await host.exportData('csv')).trim().split('\r\n').length, 5001);
  const j = JSON.parse((await host.exportData('json')));
  assert.equal(j.runs[0].records[3].loss, 'Infinity');
  fake.workspaceFolders = [{ uri: new FakeUri('/ws') }];
  fake.saveTo = new FakeUri('/tmp/out.csv');
  fake.infoAnswer = 'Open';
  const uris = await host.saveExport('csv');
  assert.equal(uris[0].path, '/tmp/out.csv');
  assert.equal(fake.written.get('/tmp/out.csv')!.toString('utf8'), (await host.exportData('csv')));
  assert.match(fake.dialogs.at(-1)!.defaultUri!.path, /^\/ws\/loss-lens\/runs-\d{4}-\d\d-\d\d-\d{4}\.csv$/, 'proposed in a loss-lens/ folder');
  assert.ok(fake.dirs.includes('/ws/loss-lens'), 'the folder exists before the dialog opens');
  const info = fake.infos.at(-1)!;
  assert.match(info.message, /exported the runs as CSV to \/tmp\/out\.csv/);
  assert.deepEqual(info.items[0], 'Open');
  assert.match(info.items[1], /^(Reveal in Finder|Reveal in File Explorer|Open Containing Folder)$/);
  await tick(5);
  assert.deepEqual(fake.executed.at(-1), ['vscode.open', uris[0]]);
  fake.infoAnswer = undefined; fake.workspaceFolders = undefined;
});

test('an export to a local file is streamed there: every record, the same bytes as exportData', async () => {
  const { host } = setup();
  host.addRun({ id: 'a', label: 'a' });
  host.addRun({ id: 'b', label: 'b' });
  // 2 runs × 20,000 steps: many chunks.
  host.appendRecords('a', Array.from({ length: 20_000 }, (_, s) => step(s, s === 7 ? NaN : 1 / (s + 1))));
  host.appendRecords('b', Array.from({ length: 20_000 }, (_, s) => step(s, s)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-export-'));
  try {
    for (const format of ['csv', 'json'] as const) {
      fake.saveTo = new FakeUri(path.join(dir, `out.${format}`), 'file');
      const uris = await host.saveExport(format);
      assert.equal(uris[0].path, path.join(dir, `out.${format}`));
      assert.ok(!fake.written.has(uris[0].path), 'written by the stream, not through the whole-content API');
      assert.equal(fs.readFileSync(uris[0].path, 'utf8'), await host.exportData(format));
    }
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).runs[1].records.length, 20_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('print records reach the webview as output, and a reloaded webview gets only the text it lacks', async () => {
  const { host } = setup();
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: {} });
  host.addRun({ id: 'r', label: 'r' });
  host.appendRecords('r', [{ type: 'print', text: 'hello\n' }, step(0, 1), { type: 'print', text: 'world\n' }]);
  await tick();
  const out = p.posted.filter((m) => m.type === 'batch').flatMap((m) => m.outputs ?? []);
  assert.deepEqual(out, [{ runId: 'r', from: 0, text: 'hello\nworld\n' }]);
  p.posted.length = 0;
  p.send({ type: 'ready', have: { r: 1 }, haveOutput: { r: 6 } });
  const resent = p.posted.filter((m) => m.type === 'batch').flatMap((m) => m.outputs ?? []);
  assert.deepEqual(resent, [{ runId: 'r', from: 6, text: 'world\n' }]);
});

test('PNG export asks the webview for each chart and writes one file per chart', async () => {
  const { host } = setup();
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: {} });
  fake.saveTo = new FakeUri('/tmp/charts.png');
  const pending = host.saveExport('png');
  const req = p.posted.find((m) => m.type === 'requestPng');
  const png = 'data:image/png;base64,' + Buffer.from('PNGDATA').toString('base64');
  p.send({ type: 'pngs', requestId: req.requestId, images: [{ name: 'loss', dataUrl: png }, { name: 'grad-norm', dataUrl: png }] });
  const uris = await pending;
  assert.deepEqual(uris.map((u) => u.path), ['/tmp/charts-loss.png', '/tmp/charts-grad-norm.png']);
  assert.match(fake.infos.at(-1)!.message, /exported the charts as PNG to \/tmp\/charts-loss\.png \(\+1 more\)/);
  assert.equal(fake.written.get('/tmp/charts-loss.png')!.toString(), 'PNGDATA');
});

test('after a window reload the serializer adopts the saved runs; a hidden tab resyncs on its next ready', async () => {
  const { host } = setup();
  const revived = new (await import('./fakeVscode')).FakePanel(PANEL_VIEW_TYPE, {});
  await fake.serializers.get(PANEL_VIEW_TYPE)!.deserializeWebviewPanel(revived, {
    version: 1, runs: [
      { meta: { id: 'old', label: 'old run' }, status: { runId: 'old', status: 'running' }, rows: 300, pinned: true,
        series: { loss: { width: 1, keys: [0, 1], slots: [0, 5, 0, 5, 0, 5, 0, 5, 1, 4, 1, 4, 1, 4, 1, 4] } } },
      { meta: { id: 'run1', label: 'previous session run1' }, status: { runId: 'run1', status: 'done' }, rows: 2 },
    ],
  });
  assert.equal((await host.exportData('csv')).trim().split('\r\n').length, 3, 'restored curves are exportable: header + 2 rows of old');
  assert.match(revived.webview.html, /ll-title/);
  revived.send({ type: 'ready', have: { old: 300 } });
  const add = revived.posted.find((m) => m.type === 'addRun');
  assert.equal(add.meta.id, 'old');
  assert.equal(add.status.status, 'stopped', 'a run cannot still be streaming after a reload');
  assert.equal(revived.posted.filter((m) => m.type === 'batch').length, 0, 'the webview already holds those rows');
  // Hidden: posts stop; shown again: the webview reloads and resyncs.
  revived.setVisible(false);
  host.appendRecords('new', [step(0, 1)]);
  await tick();
  const before = revived.posted.length;
  revived.setVisible(true);
  revived.send({ type: 'ready', have: { old: 300 } });
  const after = revived.posted.slice(before);
  assert.ok(after.some((m) => m.type === 'batch' && m.batches[0].runId === 'new'));
  // The run features restart their ids after a reload: a new 'run1' replaces the restored one, never merges.
  host.addRun({ id: 'run1', label: 'this session run1' });
  assert.ok(revived.posted.some((m) => m.type === 'removeRun' && m.runId === 'run1'));
  host.appendRecords('run1', [step(0, 42)]);
  const rows = (await host.exportData('csv')).trim().split('\r\n').filter((l) => l.startsWith('this session run1,') || l.startsWith('previous session run1,'));
  assert.deepEqual(rows.map((l) => { const f = l.split(','); return [f[0], f[7], f[8]]; }), [['this session run1', '0', '42']], 'the restored run1 is gone, the new one has its own row');
});

test('removing a streaming run from the legend stops it, and its late records do not bring it back', async () => {
  const { host } = setup();
  const seen: PanelRequest[] = [];
  host.onDidRequest((r) => seen.push(r));
  host.addRun({ id: 'r', label: 'r' });
  host.appendRecords('r', [{ type: 'start', engine: 'builtin', backend: 'cpu', seed: 0 }, step(0, 1)]);
  host.show();
  const p = fake.panels[0];
  p.send({ type: 'ready', have: {} });
  p.send({ type: 'removeRun', runId: 'r' });
  assert.deepEqual(seen, [{ type: 'stop', runId: 'r' }]);
  const n = p.posted.length;
  host.appendRecords('r', [step(1, 1)]);
  await tick();
  assert.equal((await host.exportData('csv')).trim().split('\r\n').length, 1, 'header only');
  assert.deepEqual(p.posted.slice(n), [], 'nothing posted for the removed run');
});
