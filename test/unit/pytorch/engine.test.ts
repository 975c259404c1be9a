// The PyTorch engine end to end: the harness runs real programs with /usr/bin/python3's PyTorch. References are
// the programs' own output (run with plain python, or their own prints) and the built-in engine.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PytorchEngine } from '../../../src/pytorch/pytorchEngine';
import { runSnippet } from '../../../src/run/runner';
import type { RunRecord, StepRecord } from '../../../src/protocol/record';
import { collect, FIXTURES, plainPython, relClose, ROOT, TORCH_PYTHON } from './helpers';

const engine = new PytorchEngine({ pythonPath: TORCH_PYTHON });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-engine-test-'));
after(() => { engine.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function builtin(source: string, opts: { loopLine?: number; steps?: number; overrides?: Record<string, string>; dumpInit?: boolean }): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  await runSnippet({ backend: 'cpu', source, seed: 0, ...opts }, (r) => out.push(r));
  return out;
}

/** The program with its loop shortened and a print of each loss after backward(): what plain python says. */
function plainLosses(file: string, steps: number): number[] {
  const src = fs.readFileSync(file, 'utf8')
    .replace('range(501)', `range(${steps})`)
    .replace(/^(\s*)loss\.backward\(\)$/m, '$1loss.backward()\n$1print("LOSS", repr(loss.item()))');
  const copy = path.join(tmp, path.basename(file));
  fs.writeFileSync(copy, src);
  const r = plainPython(copy);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.startsWith('LOSS ')).map((l) => Number(l.slice(5)));
}

const loopLineOf = (file: string): number => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('for ')) + 1;

describe('PytorchEngine: the seed snippets', () => {
  for (const name of ['seed_manual.py', 'seed_module.py']) {
    it(`${name}: the same losses as plain python and as the built-in engine`, async () => {
      const file = path.join(ROOT, 'examples', name);
      const source = fs.readFileSync(file, 'utf8');
      const loopLine = loopLineOf(file);
      const run = await collect(engine, { source, path: file, file: name, seed: 0, loopLine, steps: 10, dumpInit: true });
      assert.deepEqual([run.end.status, run.end.steps], ['done', 10]);
      const start = run.records[0];
      assert.ok(start.type === 'start');
      assert.deepEqual([start.backend, start.engine, start.seed, start.line, start.total_steps], ['cpu', 'pytorch', 0, loopLine, 10]);
      const losses = run.steps.map((s) => s.loss);
      assert.deepEqual(losses, plainLosses(file, 10), 'bit-identical to the program run on its own');
      const builtinRecords = await builtin(source, { loopLine, steps: 10, dumpInit: true });
      const ours = builtinRecords.filter((r): r is StepRecord => r.type === 'step');
      // The initial weights: the built-in engine reproduces PyTorch's generator bit for bit.
      const torchInit = run.records.find((r) => r.type === 'init');
      const ourInit = builtinRecords.find((r) => r.type === 'init');
      assert.ok(torchInit?.type === 'init' && ourInit?.type === 'init');
      assert.deepEqual(Object.keys(torchInit.params), Object.keys(ourInit.params));
      for (const [n, p] of Object.entries(torchInit.params)) {
        assert.deepEqual(p.shape, ourInit.params[n].shape);
        const bad = p.values.findIndex((v, i) => Math.abs(v - ourInit.params[n].values[i]) > 1e-6 * Math.max(1, Math.abs(v)));
        assert.equal(bad, -1, `${n}[${bad}]`);
      }
      assert.equal(ours.length, 10);
      ours.forEach((s, i) => assert.ok(relClose(s.loss, losses[i], 1e-3), `step ${i}: built-in ${s.loss} vs torch ${losses[i]}`));
      assert.deepEqual(Object.keys(run.steps[0].params), Object.keys(ours[0].params), 'the same parameter names');
      for (const [n, p] of Object.entries(run.steps[3].params)) {
        assert.ok(relClose(p.grad_norm!, ours[3].params[n].grad_norm!, 1e-3), `${n} grad_norm`);
        assert.ok(relClose(p.update_ratio!, ours[3].params[n].update_ratio!, 1e-2), `${n} update_ratio`);
      }
    });
  }

  it('seed_manual at lr 1e-4 (an override) diverges where the built-in engine says', async () => {
    const file = path.join(ROOT, 'examples/seed_manual.py');
    const source = fs.readFileSync(file, 'utf8');
    const run = await collect(engine, { source, path: file, seed: 0, overrides: { learning_rate: '1e-4' } });
    const ours = (await builtin(source, { overrides: { learning_rate: '1e-4' } })).at(-1)!;
    assert.ok(ours.type === 'end');
    const pick = (e: typeof run.end) => [e.status, e.steps, e.first_nonfinite_step, e.first_nonfinite_param];
    assert.deepEqual(pick(run.end), pick(ours));
    assert.equal(run.end.status, 'diverged');
    assert.equal(run.records[0].type === 'start' && run.records[0].lr, 1e-4);
    // keepGoing: the run goes on past the non-finite loss and ends done, still naming where it went non-finite.
    const going = await collect(engine, { source, path: file, seed: 0, overrides: { learning_rate: '1e-4' }, keepGoing: true, loopLine: 13, steps: 8 });
    assert.deepEqual(pick(going.end), ['done', 8, run.end.first_nonfinite_step, run.end.first_nonfinite_param]);
    assert.equal(going.steps[7].loss, NaN);
  });

  it('an override without a top-level assignment is an error record', async () => {
    const file = path.join(ROOT, 'examples/seed_manual.py');
    const run = await collect(engine, { source: '', path: file, overrides: { lr2: '0.1' } });
    const err = run.records.find((r) => r.type === 'error');
    assert.ok(err && err.type === 'error');
    assert.deepEqual([err.error, err.message, run.end.status], ['ValueError', "--set lr2: the snippet has no top-level assignment 'lr2 = ...'", 'error']);
  });

  it('source without a path (a notebook) runs from a private temp file that is removed afterwards', async () => {
    const source = fs.readFileSync(path.join(ROOT, 'examples/seed_manual.py'), 'utf8');
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('loss-lens-') && !d.includes('test')));
    const run = await collect(engine, { source, file: 'notes.ipynb', seed: 0, loopLine: 13, steps: 3 });
    assert.deepEqual([run.end.status, run.steps.length], ['done', 3]);
    assert.equal(run.records[0].type === 'start' && run.records[0].file, 'notes.ipynb');
    const left = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('loss-lens-') && !d.includes('test') && !before.has(d));
    assert.deepEqual(left, []);
  });
});

describe('PytorchEngine: programs the built-in engine cannot run', () => {
  it('a Conv2d net trained in main() under the main guard: steps N ends the loop, the rest of the program runs', async () => {
    const file = path.join(FIXTURES, 'conv_main.py');
    const loopLine = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('for epoch in')) + 1;
    const run = await collect(engine, { source: '', path: file, seed: 0, loopLine, steps: 4 });
    assert.deepEqual([run.end.status, run.end.steps], ['done', 4]);
    // The warm-up backward() above the loop is not a step; each step's loss is the one the program printed.
    const printed = run.prints.filter((p) => p.text.startsWith('epoch')).map((p) => Number(/loss (\S+)/.exec(p.text)![1]));
    assert.deepEqual(run.steps.map((s) => s.loss), printed);
    assert.deepEqual(run.prints.map((p) => p.text.split(' ')[0]), ['epoch', 'epoch', 'epoch', 'epoch', 'after', 'accuracy']);
    assert.equal(run.prints.find((p) => p.text === 'after the loop\n')?.line, loopLine + 6);
    assert.deepEqual(Object.keys(run.steps[0].params), ['model.conv.weight', 'model.conv.bias', 'model.fc.weight', 'model.fc.bias']);
    // The whole program with plain python prints the same first losses (100 epochs there).
    const plain = plainPython(file).stdout.split('\n').filter((l) => l.startsWith('epoch')).slice(0, 4).map((l) => Number(/loss (\S+)/.exec(l)![1]));
    assert.deepEqual(printed, plain);
    assert.equal(run.records.at(-1), run.end);
  });

  it('a program that writes a checkpoint and reads it back, with argv and its own cwd; JSON-looking prints stay prints', async () => {
    const file = path.join(FIXTURES, 'files_and_prints.py');
    const run = await collect(engine, { source: '', path: file, args: [tmp] });
    assert.deepEqual([run.end.status, run.end.steps], ['done', 5]);
    assert.equal(run.records.filter((r) => r.type === 'end').length, 1);
    assert.equal(run.records.filter((r) => r.type === 'start').length, 1);
    const texts = run.prints.map((p) => p.text);
    assert.ok(texts.includes(`${JSON.stringify({ cwd_is_here: true, argv: [tmp], name: '__main__' }).replace(/,/g, ', ').replace(/":/g, '": ')}\n`), texts[0]);
    assert.ok(texts.includes('{"type":"end","status":"done","steps":99}\n'));
    assert.ok(texts.includes('{"type":"step","step":not a record\n'));
    assert.ok(texts.includes('{"type":"end","status":"error","steps":7}\n'), 'raw fd 1 output is a print too');
    const err = run.prints.find((p) => p.text === 'to stderr\n') as { stream?: string; line?: number } | undefined;
    assert.deepEqual([err?.stream, err?.line], ['stderr', 14]);
    assert.ok(texts.includes('reloaded True\n'));
    assert.ok(fs.existsSync(path.join(tmp, 'w.pt')));
    const printed = texts.filter((t) => t.startsWith('loss')).map((t) => Number(t.slice(5)));
    assert.deepEqual(run.steps.map((s) => s.loss), printed);
    assert.deepEqual(Object.keys(run.steps[0].params), ['w']);
    // Prints come in program order with the steps: step i, then its loss print.
    const order = run.records.filter((r) => r.type === 'step' || (r.type === 'print' && r.text.startsWith('loss'))).map((r) => r.type);
    assert.deepEqual(order, Array.from({ length: 10 }, (_, i) => (i % 2 ? 'print' : 'step')));
  });

  it('errors carry the Python type, message and the line of the innermost frame in the file, like plain python', async () => {
    const file = path.join(FIXTURES, 'error_in_helper.py');
    const run = await collect(engine, { source: '', path: file, seed: 0 });
    const err = run.records.find((r) => r.type === 'error');
    assert.ok(err && err.type === 'error');
    const plain = plainPython(file).stderr.trim().split('\n');
    const lines = plain.filter((l) => l.includes(`File "${file}"`)).map((l) => Number(/line (\d+)/.exec(l)![1]));
    assert.equal(`${err.error}: ${err.message}`, plain.at(-1));
    assert.equal(err.line, lines.at(-1));
    assert.equal(run.end.status, 'error');
    const tb = run.prints.find((p) => p.text.startsWith('Traceback'));
    assert.ok(tb && tb.text.includes(`line ${err.line}, in forward`) && !tb.text.includes('loss_lens_harness'), tb?.text);
  });

  it('a loop line with no loop is an error record naming the line', async () => {
    const run = await collect(engine, { source: '', path: path.join(ROOT, 'examples/seed_manual.py'), loopLine: 3 });
    const err = run.records.find((r) => r.type === 'error');
    assert.ok(err && err.type === 'error');
    assert.deepEqual([err.error, err.message], ['ValueError', '--line 3: no for/while loop starts on that line']);
  });
});
