// The runner's whole-program semantics (COMMON.md): the file runs as __main__, code after the loop runs, steps
// are the backward() calls made while the chosen loop executes (at any call depth), `steps` ends that loop at its
// next header and the program goes on. Tracked parameters come from the loop frame's locals, then globals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord } from '../../../src/protocol/record';

async function collect(opts: Parameters<typeof runSnippet>[0]): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ backend: 'cpu', seed: 0, ...opts }, (r) => out.push(r));
  return out;
}
const prints = (rs: RunRecord[]) => rs.flatMap((r) => (r.type === 'print' ? [r.text] : []));
const steps = (rs: RunRecord[]) => rs.flatMap((r) => (r.type === 'step' ? [r] : []));
const end = (rs: RunRecord[]) => rs[rs.length - 1] as Extract<RunRecord, { type: 'end' }>;

const PROGRAM = [
  'import torch',                                          // 1
  'def train(model, opt, n):',                             // 2
  '    for t in range(n):',                                // 3
  '        opt.zero_grad()',                               // 4
  '        loss = model(torch.ones(1, 2)).sum() ** 2',     // 5
  '        loss.backward()',                               // 6
  '        opt.step()',                                    // 7
  '        print(f"t={t}")',                               // 8
  'def main(lr=0.01):',                                    // 9
  '    net = torch.nn.Linear(2, 1)',                       // 10
  '    opt = torch.optim.SGD(net.parameters(), lr=lr)',    // 11
  '    net(torch.ones(1, 2)).sum().backward()',            // 12
  '    train(net, opt, 3)',                                // 13
  '    train(net, opt, 3)',                                // 14
  '    print("test done")',                                // 15
  'if __name__ == "__main__":',                            // 16
  '    main()',                                            // 17
  '',
].join('\n');

test('a loop inside def train() under the main guard: its backward() calls are steps, prints after it appear', async () => {
  const recs = await collect({ source: PROGRAM, loopLine: 3 });
  assert.equal(steps(recs).length, 6, 'two calls of train(): 3 + 3 steps; the warm-up backward on line 12 is not one');
  assert.deepEqual(Object.keys(steps(recs)[0].params).sort(), ['model.bias', 'model.weight'], 'named from the loop frame\'s locals');
  assert.equal(prints(recs).at(-1), 'test done\n');
  assert.deepEqual([end(recs).status, end(recs).steps], ['done', 6]);
  const start = recs[0];
  assert.ok(start.type === 'start' && start.lr === 0.01 && start.line === 3, 'the start record carries the lr of main()\'s optimizer');
  assert.equal(recs.filter((r) => r.type === 'start').length, 1);
});

test('without loopLine every backward() of the program is a step, named from the calling frame', async () => {
  const recs = await collect({ source: PROGRAM });
  assert.equal(steps(recs).length, 7);
  assert.deepEqual(Object.keys(steps(recs)[0].params).sort(), ['net.bias', 'net.weight'], 'the warm-up runs in main(): its locals');
});

test('steps N ends the chosen loop at its header, later entries exit at once, and the program goes on', async () => {
  const recs = await collect({ source: PROGRAM, loopLine: 3, steps: 2 });
  assert.deepEqual(prints(recs), ['t=0\n', 't=1\n', 'test done\n']);
  assert.deepEqual([end(recs).status, end(recs).steps], ['done', 2]);
});

test('the cap lets the current iteration finish: later backward() calls in it are not steps', async () => {
  const source = [
    'import torch',
    'w = torch.ones(2, requires_grad=True)',
    'for epoch in range(3):',
    '    for b in range(4):',
    '        (w * w).sum().backward()',
    '    print(f"epoch {epoch}")',
    'print("after")',
    '',
  ].join('\n');
  const outer = await collect({ source, loopLine: 3, steps: 5 });
  assert.equal(steps(outer).length, 5);
  assert.deepEqual(prints(outer), ['epoch 0\n', 'epoch 1\n', 'after\n'], 'epoch 1 completes its batches, then the epoch loop ends');
  const inner = await collect({ source, loopLine: 4, steps: 5 });
  assert.equal(steps(inner).length, 5);
  assert.deepEqual(prints(inner), ['epoch 0\n', 'epoch 1\n', 'epoch 2\n', 'after\n'], 'the batch loop ends; the epochs go on');
  const w = await collect({ source: source.replace('for b in range(4):', 'while True:'), loopLine: 4, steps: 3 });
  assert.deepEqual([steps(w).length, prints(w).length, end(w).status], [3, 4, 'done'], 'a while loop ends at its condition check');
});

test('a for loop\'s else does not run when the cap ends it (as after break)', async () => {
  const source = 'import torch\nw = torch.ones(1, requires_grad=True)\nfor i in range(5):\n    (w * 2).sum().backward()\nelse:\n    print("else")\nprint("end")\n';
  assert.deepEqual(prints(await collect({ source, loopLine: 3, steps: 2 })), ['end\n']);
  assert.deepEqual(prints(await collect({ source, loopLine: 3 })), ['else\n', 'end\n']);
});

test('a non-finite loss inside the chosen loop ends the run as diverged; outside it, it is not a step', async () => {
  const source = [
    'import torch',
    'w = torch.ones(1, requires_grad=True)',
    '(w * float("inf")).sum().backward()',
    'w.grad = None',
    'for i in range(5):',
    '    loss = (w * 10.0 ** (40 * i)).sum()',
    '    loss.backward()',
    'print("unreached")',
    '',
  ].join('\n');
  const recs = await collect({ source, loopLine: 5 });
  assert.deepEqual([end(recs).status, end(recs).steps, end(recs).first_nonfinite_step], ['diverged', 2, 1]);
  assert.deepEqual(prints(recs), []);
});

test('a method\'s loop tracks its trainer\'s model as self.<attr>', async () => {
  const source = [
    'import torch',
    'class Trainer:',
    '    def __init__(self):',
    '        self.net = torch.nn.Linear(2, 1)',
    '        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)',
    '    def fit(self, n):',
    '        for t in range(n):',
    '            self.opt.zero_grad()',
    '            self.net(torch.ones(1, 2)).sum().backward()',
    '            self.opt.step()',
    'Trainer().fit(2)',
    '',
  ].join('\n');
  const recs = await collect({ source, loopLine: 7 });
  assert.deepEqual(Object.keys(steps(recs)[0].params).sort(), ['self.net.bias', 'self.net.weight']);
  assert.ok(recs[0].type === 'start' && recs[0].lr === 0.1);
});

test('stop works inside a function\'s loop; a line without a loop is an error record', async () => {
  let polls = 0;
  const recs = await collect({ source: 'def f():\n    while True:\n        pass\nif __name__ == "__main__":\n    f()\n', loopLine: 2, shouldStop: () => ++polls > 500 });
  assert.equal(end(recs).status, 'stopped');
  const bad = await collect({ source: PROGRAM, loopLine: 4 });
  const err = bad.find((r) => r.type === 'error');
  assert.ok(err?.type === 'error' && /--line 4: no for\/while loop starts on that line/.test(err.message));
});
