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

test('the lens refresh event fires when a run ends by itself, and the lens is "▶ Run & plot" again', async () => {
  rig = buildRig(new ScriptedEngine({ steps: 20, stepMs: 2 }));
  const a = openDocument('/ws/a.py', LOOP('a'));
  await rig.view.attach(a);
  const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
  assert.equal((await rig.view.current())[0].command!.title, '■ Stop');
  let fired = 0;
  const sub = rig.lenses.onDidChangeCodeLenses(() => { if (entry.ended) fired++; });
  await entry.done;
  sub.dispose();
  assert.equal(fired, 1, 'one refresh event at the end');
  assert.equal((await rig.view.current())[0].command!.title, '▶ Run & plot');
});

/** Each stop control, as the workbench invokes it: returns once the stop is asked for (not when the run has ended). */
const CONTROLS: [string, (rig: Rig, run: RunEntry) => Promise<void>][] = [
  ['lens ■ Stop', async (r) => {
    const l = (await r.view.current())[0].command!;
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
  test(`${name}: the refresh fires as the stop is asked for, and the refresh it starts shows "▶ Run & plot"`, async () => {
    rig = buildRig(new ScriptedEngine({ endAfterStopMs: 30 }));
    const a = openDocument('/ws/a.py', LOOP('a'));
    await rig.view.attach(a);
    const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
    await until('the first step', () => entry.progress.step >= 0);
    // The first refresh event after the stop control: the run has not ended yet when it fires.
    const endedAtEvent = new Promise<boolean>((resolve) => {
      const sub = rig!.lenses.onDidChangeCodeLenses(() => { sub.dispose(); resolve(entry.ended); });
    });
    await stop(rig, entry);
    assert.equal(await endedAtEvent, false, 'a refresh event as the stop is asked for');
    assert.equal(entry.ended, false);
    // A provider call made while the run is still stopping waits for its end instead of showing "■ Stop" again.
    const lenses = await rig.view.current();
    assert.equal(entry.ended, true);
    assert.equal(lenses[0].command!.title, '▶ Run & plot');
    assert.equal((await entry.done).status, 'stopped');
  });
}

test('a stop whose refresh came before the end (a slow engine): the end refreshes again', async () => {
  rig = buildRig(new ScriptedEngine({ endAfterStopMs: 1500 }));
  const a = openDocument('/ws/a.py', LOOP('a'));
  await rig.view.attach(a);
  const entry = await rig.runs.start({ uri: a.uri.toString(), line: 2 });
  const stopped = rig.runs.stop(entry.id);
  assert.equal((await rig.view.current())[0].command!.title, '■ Stop', 'the provider waits at most 1 s');
  const before = rig.view.events;
  await stopped;
  await entry.done;
  assert.equal(rig.view.events, before + 1);
});
