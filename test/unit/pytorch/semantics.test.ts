// Whole-program run semantics in the harness: which backward() calls are steps, how `steps N` ends the chosen
// loop (as a break at its header), and what happens when the process dies without an end record.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import { collect, FIXTURES, plainPython, TORCH_PYTHON } from './helpers';

const engine = new PytorchEngine({ pythonPath: TORCH_PYTHON });
after(() => engine.dispose());

const entries = path.join(FIXTURES, 'loop_entries.py');
const whileLine = fs.readFileSync(entries, 'utf8').split('\n').findIndex((l) => l.includes('while i < n')) + 1;
const texts = (run: Awaited<ReturnType<typeof collect>>) => run.prints.map((p) => p.text);

describe('PytorchEngine: run semantics', () => {
  it('without a step limit the program runs as plain python; only backward() inside the chosen loop is a step', async () => {
    const run = await collect(engine, { source: '', path: entries, loopLine: whileLine });
    assert.equal(texts(run).join(''), plainPython(entries).stdout);
    assert.deepEqual([run.end.status, run.end.steps], ['done', 6]);
  });

  it('steps N: the loop ends at its header (its else skipped), later entries exit at once, the program goes on', async () => {
    const run = await collect(engine, { source: '', path: entries, loopLine: whileLine, steps: 2 });
    assert.deepEqual(texts(run), ['train(3) ran 2 iterations\n', 'train(3) ran 0 iterations\n', 'done\n']);
    assert.deepEqual([run.end.status, run.end.steps, run.steps.length], ['done', 2, 2]);
  });

  it('without a loop line every backward() is a step, and steps N ends the program there', async () => {
    const all = await collect(engine, { source: '', path: entries });
    assert.equal(all.end.steps, 7);
    const cut = await collect(engine, { source: '', path: entries, steps: 4 });
    assert.deepEqual(texts(cut), ['else ran\n', 'train(3) ran 3 iterations\n']);
    assert.deepEqual([cut.end.status, cut.end.steps], ['done', 4]);
  });

  it('prints from several threads stay whole lines, one record each', async () => {
    const file = path.join(FIXTURES, 'thread_prints.py');
    const loopLine = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('for step in')) + 1;
    const run = await collect(engine, { source: '', path: file, loopLine });
    assert.deepEqual([run.end.status, run.end.steps], ['done', 50]);
    const lines = texts(run);
    assert.equal(lines.length, 800);
    assert.deepEqual(lines.filter((t) => !/^thread \d line \d+\n$/.test(t)), []);
    assert.equal(new Set(lines).size, 800);
  });

  it('a process that dies without an end record gets one from the engine, with the reason', async () => {
    const run = await collect(engine, { source: 'import os, signal\nprint("bye", flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n', file: 'crash.py' });
    const err = run.records.find((r) => r.type === 'error');
    assert.ok(err && err.type === 'error');
    assert.equal(err.error, 'ProcessExited');
    assert.match(err.message, /killed by SIGKILL/);
    assert.deepEqual([run.end.status, run.records.at(-1)], ['error', run.end]);
    assert.equal(run.records[0].type, 'start');
    assert.ok(texts(run).includes('bye\n'));
  });
});
