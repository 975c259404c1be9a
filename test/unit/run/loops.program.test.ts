// Loop detection in whole programs: loops in functions and methods, found through the file's call graph, under
// the main guard, nested; and where "Run with lr…" finds the learning rate (locals, defaults, calls, argparse).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTrainingLoops, initLoopParser, type TrainingLoop } from '../../../src/analysis/loops';

before(async () => { await initLoopParser(); });

const at = (loops: TrainingLoop[], line: number) => loops.find((l) => l.line === line);
/** The text a literal lr site covers. */
const siteText = (src: string, l: TrainingLoop | undefined) => {
  const s = l?.lrSite;
  return s ? src.split('\n')[s.line - 1].slice(s.column, s.endColumn) : undefined;
};

const PROGRAM = [
  'import argparse',                                                  // 1
  'import torch',                                                     // 2
  '',                                                                 // 3
  'def train(model, opt, loader, epochs=3):',                         // 4
  '    for epoch in range(epochs):',                                  // 5
  '        for x, y in loader:',                                      // 6
  '            opt.zero_grad()',                                      // 7
  '            loss = torch.nn.functional.mse_loss(model(x), y)',     // 8
  '            loss.backward()',                                      // 9
  '            opt.step()',                                           // 10
  '',                                                                 // 11
  'def main(lr=0.01):',                                               // 12
  '    model = torch.nn.Linear(3, 1)',                                // 13
  '    opt = torch.optim.SGD(model.parameters(), lr=lr)',             // 14
  '    for i in range(2):',                                           // 15
  '        train(model, opt, [])',                                    // 16
  '',                                                                 // 17
  'class Trainer:',                                                   // 18
  '    def __init__(self, model, lr=1e-3):',                          // 19
  '        self.model = model',                                       // 20
  '        self.lr = lr',                                             // 21
  '        self.opt = torch.optim.Adam(model.parameters(), lr=self.lr)', // 22
  '    def step(self, x):',                                           // 23
  '        self.opt.zero_grad(); self.model(x).sum().backward(); self.opt.step()', // 24
  '    def fit(self, xs):',                                           // 25
  '        for x in xs:',                                             // 26
  '            self.step(x)',                                         // 27
  '',                                                                 // 28
  'if __name__ == "__main__":',                                       // 29
  '    p = argparse.ArgumentParser()',                                // 30
  "    p.add_argument('--learning-rate', type=float, default=0.05)",  // 31
  '    args = p.parse_args()',                                        // 32
  '    w = torch.zeros(3, requires_grad=True)',                       // 33
  '    for t in range(100):',                                         // 34
  '        loss = (w * 2).sum()',                                     // 35
  '        loss.backward()',                                          // 36
  '        with torch.no_grad():',                                    // 37
  '            w -= args.learning_rate * w.grad',                     // 38
  '    main()',                                                       // 39
  '',
].join('\n');

describe('whole programs: where the training loops are', () => {
  let loops: TrainingLoop[] = [];
  before(() => { loops = findTrainingLoops(PROGRAM); });

  it('lenses every loop that trains, at any depth, in source order', () => {
    assert.deepEqual(loops.map((l) => [l.line, l.function ?? '<module>', l.via ?? '']), [
      [5, 'train', ''], [6, 'train', ''], // the epoch loop and its batch loop
      [15, 'main', 'train'], // trains through a call to the file's own function
      [26, 'Trainer.fit', 'step'], // through a method call on self
      [34, '<module>', ''], // under the main guard
    ]);
  });

  it('a function default reaches the loop through the optimizer built by the caller', () => {
    for (const line of [5, 6, 15]) {
      const l = at(loops, line);
      assert.equal(l?.optimizer, 'SGD');
      assert.equal(l?.lrValue, 0.01);
      assert.equal(l?.lrName, undefined, 'not a top-level name: rewritten in place');
      assert.deepEqual(l?.lrSite, { line: 12, column: 12, endColumn: 16 });
      assert.equal(siteText(PROGRAM, l), '0.01');
    }
  });

  it('a method finds its class\'s optimizer and follows self.lr to the __init__ default', () => {
    const l = at(loops, 26);
    assert.equal(l?.optimizer, 'Adam');
    assert.equal(l?.lrValue, 1e-3);
    assert.equal(l?.lrSite?.line, 19);
    assert.equal(siteText(PROGRAM, l), '1e-3');
  });

  it('an argparse default (dest from the long option) is the lr of a manual update', () => {
    const l = at(loops, 34);
    assert.equal(l?.optimizer, undefined);
    assert.equal(l?.lrValue, 0.05);
    assert.equal(siteText(PROGRAM, l), '0.05');
    assert.equal(l?.totalSteps, 100);
  });

  it('totals: a default argument bounds range(); a nested loop over a loader is unknown', () => {
    assert.equal(at(loops, 5)?.totalSteps, undefined, 'inner loop over a loader');
    assert.equal(at(loops, 15)?.totalSteps, undefined, 'steps happen in a called function');
  });
});

describe('whole programs: learning-rate sites', () => {
  it('a value passed by the call wins over the default; a function-local assignment is a literal site', () => {
    const src = [
      'import torch',
      'def fit(model, lr=0.1):',
      '    opt = torch.optim.SGD(model.parameters(), lr=lr)',
      '    for t in range(5):',
      '        opt.step()',
      'def other(model):',
      '    learning_rate = 3e-4',
      '    opt = torch.optim.Adam(model.parameters(), learning_rate)',
      '    while True:',
      '        opt.step()',
      'fit(torch.nn.Linear(1, 1), lr=0.02)',
      '',
    ].join('\n');
    const [a, b] = findTrainingLoops(src);
    assert.equal(a.lrValue, 0.02);
    assert.equal(siteText(src, a), '0.02');
    assert.equal(b.lrValue, 3e-4);
    assert.equal(b.lrSite?.line, 7);
    assert.equal(b.optimizer, 'Adam');
  });

  it('a top-level name read inside a function stays overridable by name', () => {
    const src = 'LR = 0.5\ndef main():\n    opt = torch.optim.SGD(p, lr=LR)\n    for t in range(3):\n        loss.backward()\nmain()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.lrName, 'LR');
    assert.equal(l.lrValue, 0.5);
    assert.equal(l.lrSite, undefined);
  });

  it('an lr assigned under the main guard is a literal site (the runner overrides top-level names only)', () => {
    const src = 'if __name__ == "__main__":\n    lr = 0.3\n    opt = torch.optim.SGD(p, lr=lr)\n    for t in range(3):\n        opt.step()\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.lrName, undefined);
    assert.equal(l.lrValue, 0.3);
    assert.deepEqual(l.lrSite, { line: 2, column: 9, endColumn: 12 });
  });

  it('argparse with dest=, and an optimizer built from args.lr', () => {
    const src = [
      'import argparse, torch',
      'ap = argparse.ArgumentParser()',
      "ap.add_argument('-l', '--rate', dest='lr', type=float, default=1e-2)",
      'args = ap.parse_args()',
      'opt = torch.optim.SGD(m.parameters(), lr=args.lr)',
      'for t in range(4):',
      '    opt.step()',
      '',
    ].join('\n');
    const [l] = findTrainingLoops(src);
    assert.equal(l.lrValue, 1e-2);
    assert.equal(siteText(src, l), '1e-2');
  });

  it('call-graph cycles and unrelated calls do not make a loop a training loop', () => {
    const src = 'def a():\n    b()\ndef b():\n    a()\nfor i in range(3):\n    a()\n    print(i)\n';
    assert.deepEqual(findTrainingLoops(src), []);
  });

  it('a manual update in a called helper gives the lr', () => {
    const src = 'lr = 0.05\ndef sgd_step(w):\n    with torch.no_grad():\n        w -= lr * w.grad\nfor t in range(7):\n    loss.backward()\n    sgd_step(w)\n';
    const [l] = findTrainingLoops(src);
    assert.equal(l.lrName, 'lr');
    assert.equal(l.totalSteps, 7);
  });
});

describe('the fidelity corpus programs have lenses where the manifest runs them', () => {
  const corpus = path.resolve(__dirname, '../../../../test/fidelity/corpus');
  const lines = (f: string) => findTrainingLoops(fs.readFileSync(path.join(corpus, f), 'utf8')).map((l) => l.line);
  it('train_function_main.py: the loop in train(); epoch_batches.py: the epoch and the batch loop', () => {
    assert.deepEqual(lines('train_function_main.py'), [15]);
    assert.deepEqual(lines('epoch_batches.py'), [16, 19]);
    assert.deepEqual(lines('eval_after_loop.py'), [21]);
  });
});
