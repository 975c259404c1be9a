// Notebooks through the host path: a run of a cell is labelled by the notebook and the cell, the toolbar's
// context key lists exactly the cells with a training loop, and a toolbar click (the cell as argument) runs that cell.
import '../../../bench/host/fakeVscode';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { host, openNotebook } from '../../../bench/host/fakeVscode';
import { buildRig, type Rig } from '../../../bench/host/rig';
import { ScriptedEngine } from '../../../bench/host/scriptedEngine';
import { LOOP_CELLS_KEY, trackNotebookLoopCells } from '../../../src/editor/lenses/notebookLoopCells';

let rig: Rig | undefined;
afterEach(() => { rig?.dispose(); rig = undefined; host.documents.length = 0; host.notebooks.length = 0; host.commands.clear(); host.contexts.clear(); });

const CELLS = [
  'import torch\nw = torch.ones(3, requires_grad=True)\nlr = 0.1',
  { markdown: '# Train' },
  'for t in range(5):\n    (w * w).sum().backward()',
  'print("after")',
];

test('a cell\'s run is labelled "train.ipynb · cell 3", and the toolbar click (the cell) runs that cell', async () => {
  const engine = new ScriptedEngine({ steps: 2 });
  rig = buildRig(engine);
  const nb = openNotebook('/ws/train.ipynb', CELLS);
  host.activeTextEditor = undefined; // a toolbar click: no cell editor has focus
  const summary = await host.commands.get('lossLens.runLoopAtCursor')!(nb.cellAt(2)) as { uri: string; label: string };
  assert.equal(summary.uri, nb.cellAt(2).document.uri.toString());
  assert.equal(summary.label, 'train.ipynb · cell 3 lr=0.1');
  assert.equal(engine.requests[0].file, 'train.ipynb');
});

test('the toolbar context key lists the cells that hold a training loop, and only those', async () => {
  rig = buildRig(new ScriptedEngine());
  const nb = openNotebook('/ws/train.ipynb', CELLS);
  const sub = trackNotebookLoopCells(rig.index, 0);
  const end = Date.now() + 10_000;
  while (!host.contexts.has(LOOP_CELLS_KEY) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  sub.dispose();
  assert.deepEqual(host.contexts.get(LOOP_CELLS_KEY), [nb.cellAt(2).document.uri.toString()]);
});
