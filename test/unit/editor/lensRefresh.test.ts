// The lenses through the real host path (RunController, run commands, lens provider, status item, panel host) on
// a stand-in workbench: a lens runs the loop it sits above whatever editor has focus, every stop control reaches
// the run, and the lens refresh event fires on a run's end (or, for a stop, as the stop is asked for).
import '../../../bench/host/fakeVscode';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { focus, host, openDocument } from '../../../bench/host/fakeVscode';
import { buildRig, type Rig } from '../../../bench/host/rig';
import { ScriptedEngine } from '../../../bench/host/scriptedEngine';
import type { RunEntry } from '../../../src/editor/runs/runController';

const LOOP = (name: string) => [
  'import torch',
  `w = torch.zeros(3, requires_grad=True)  # ${name}`,
  'for t in range(100000):',
  '    loss = (w - 1).pow(2).sum()',
  '    loss.backward()',
  '',
].join('\n');

let rig: Rig | undefined;
afterEach(async () => { await rig?.runs.stop(); rig?.dispose(); rig = undefined; host.documents.length = 0; host.commands.clear(); host.statusItems.length = 0; });

const exec = (id: string, ...args: unknown[]) => host.commands.get(id)!(...args);
const until = async (what: string, cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error(`timed out: ${what}`); await new Promise((r) => setTimeout(r, 5)); }
};

test('a lens runs the loop it sits above when another file has focus', async () => {
  const engine = new ScriptedEngine({ steps: 3 });
  rig = buildRig(engine);
  const a = openDocument('/ws/a.py', LOOP('a'));
  const b = openDocument('/ws/b.py', LOOP('b'));
  await rig.view.attach(a);
  const lensA = (await rig.view.current()).find((l) => l.command?.title === '▶ Run & plot')!;
  assert.deepEqual(lensA.command!.arguments, [{ uri: a.uri.toString(), line: 2 }]);
  focus(b, 3); // the explorer opened b.py: it is the active editor now
  const summary = await exec(lensA.command!.command, ...lensA.command!.arguments!) as { id: string };
  const entry = rig.runs.find(summary.id)!;
  assert.equal(entry.ref.uri, a.uri.toString());
  assert.match(engine.requests[0].source, /# a$/m);
  assert.equal(engine.requests[0].file, 'a.py');
  // The palette / keybinding (no argument) still means the focused editor's loop.
  const palette = await exec('lossLens.runLoopAtCursor') as { id: string };
  assert.equal(rig.runs.find(palette.id)!.ref.uri, b.uri.toString());
});

/**
 * Once a run has shown "■ Stop" for a while, the workbench's lens refresh is a provider call held in flight. The
 * view's debounce is then set to 10 minutes: a lens that comes back can only come from the call already in flight,
 * never from a refresh that waited for a debounce after the end.
 */
async function holdInFlight(r: Rig, entry: RunEntry): Promise<void> {
  await until('the first step', () => entry.progress.step >= 0);
  await until('■ Stop shown', () => r.view.titles[0] === '■ Stop');
  await until('a provider call held in flight', () => r.lenses.refreshes.holding > 0 && !entry.ended, 60_000);
  r.view.debounceMs = 600_000;
}

test('a run that ends by itself: the call in flight shows "▶ Run & plot" without a new debounce', async () => {
  const engine = new ScriptedEngine({ stepMs: 2 });
  rig = buildRig(engine);
  const a = openDocument('/ws/a.py', LOOP('a'));
  await rig.view.attach(a);
  const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
  await holdInFlight(rig, entry);
  engine.finishAll();
  assert.equal((await entry.done).status, 'done');
  await until('▶ Run & plot shown', () => rig!.view.titles[0] === '▶ Run & plot', 60_000);
  assert.equal(rig.lenses.refreshes.holding, 0);
});

/** Each stop control, as the workbench invokes it: returns once the stop is asked for (not when the run has ended). */
const CONTROLS: [string, (rig: Rig, run: RunEntry) => Promise<void>][] = [
  ['lens ■ Stop', async (r) => {
    const l = r.view.shownLenses[0].command!;
    assert.equal(l.title, '■ Stop');
    void exec(l.command, ...(l.arguments ?? []));
  }],
  ['panel Stop', async (r, run) => { r.webview().send({ type: 'request', request: { type: 'stop', runId: run.id } }); }],
  ['status bar item', async () => {
    const c = host.statusItems[host.statusItems.length - 1].command as { command: string; arguments?: unknown[] };
    void exec(c.command, ...(c.arguments ?? []));
  }],
  ['Shift+F5 / command palette', async () => { void exec('lossLens.stop'); }],
];

for (const [name, stop] of CONTROLS) {
  test(`${name}: the call in flight shows "▶ Run & plot" as the run ends, without a new debounce`, async () => {
    rig = buildRig(new ScriptedEngine({ endAfterStopMs: 30 }));
    const a = openDocument('/ws/a.py', LOOP('a'));
    await rig.view.attach(a);
    const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
    await holdInFlight(rig, entry);
    await stop(rig, entry);
    assert.equal((await entry.done).status, 'stopped');
    await until('▶ Run & plot shown', () => rig!.view.titles[0] === '▶ Run & plot', 60_000);
  });
}

test('until the lenses have been the same for a while every call answers at once (split editors, executeCodeLensProvider)', async () => {
  rig = buildRig(new ScriptedEngine());
  const a = openDocument('/ws/a.py', LOOP('a'));
  await rig.view.attach(a);
  const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
  // Two callers right after the start: both get "■ Stop" now, neither waits for the run.
  const [x, y] = await Promise.all([rig.view.current(), rig.view.current()]);
  assert.equal(entry.ended, false);
  assert.equal(x[0].command!.title, '■ Stop');
  assert.equal(y[0].command!.title, '■ Stop');
});

test('a held call that no successor replaces answers after the hold and asks for the next refresh', async () => {
  const { LensRefresh } = await import('../../../src/editor/lenses/lensRefresh');
  let fired = 0;
  const r = new LensRefresh(() => { fired++; }, 50, 0);
  const token = { isCancellationRequested: false };
  await r.settle('a.py', 'run-1', token);          // first sight of this run: answers at once
  await new Promise((res) => setImmediate(res));
  const before = fired;
  assert.ok(before >= 1, 'the first call re-armed the refresh');
  const held = r.settle('a.py', 'run-1', token);   // nothing new: held
  assert.equal(r.holding, 1);
  await held;
  await new Promise((res) => setImmediate(res));
  assert.equal(r.holding, 0);
  assert.ok(fired > before, 'timed out without a successor: fired again');
  // A change wakes a held call at once; an idle document never holds.
  const again = r.settle('a.py', 'run-1', token);
  assert.equal(r.holding, 1);
  r.changed('a.py');
  await again;
  assert.equal(r.holding, 0);
  await r.settle('a.py', '', token);
  await r.settle('a.py', '', token);
  assert.equal(r.holding, 0);
});

test('a closed document is forgotten by the lens refresh', async () => {
  const { LensRefresh } = await import('../../../src/editor/lenses/lensRefresh');
  const r = new LensRefresh(() => undefined);
  const token = { isCancellationRequested: false };
  await r.settle('file:///a.py', '', token);
  await r.settle('file:///b.py', '', token);
  assert.equal(r.remembered, 2);
  r.forget('file:///a.py');
  assert.equal(r.remembered, 1);
});
