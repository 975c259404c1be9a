// The stable-LR probe: λ_max of the loss Hessian at the parameters of the chosen loop's first step, by Lanczos on
// Hessian-vector products. The program runs as a whole (the loop may sit in a function or under the main guard);
// at the first backward() made while the chosen loop runs, the loss graph is still intact: its gradient is taken
// with create_graph=True and each product Hv is one more backward through that gradient (exact, as PyTorch's
// double backward). When the graph holds an op without a second derivative, the products fall back to finite
// differences of gradients, Hv ≈ (g(w+εv) − g(w−εv)) / 2ε, each g(·) a replay of the program from the start with
// the same seed and the parameters moved when the loop is entered. The result says which was used.
import * as tf from '@tensorflow/tfjs-core';
import { backwardPreHooks, defaultGenerator, EngineError, grad, mul, replaceValue, sum, add, sweep, Tensor } from '../engine';
import { StopRun, pyErr, type Frame, type Interpreter, type Program } from '../python';
import type { TrackedParam } from './recorder';
import { createSession, prepareRun, type RunOptions } from './runner';
import { findLearningRate, optimizerInfo, trackedParams } from './tracking';
import { ChosenLoop, loopStartsAt } from './chosenLoop';
import { findTrainingLoops } from '../analysis/loops';
import type { TorchEnvironment } from '../torch';
import type { ProbeResult } from '../protocol/analysis';
import { stableLr } from '../analysis/stability';
import { lanczosMax, norm, startVector } from '../analysis/lanczos';

export { lanczosMax, tridiagonalMax } from '../analysis/lanczos';

export interface ProbeOptions extends Pick<RunOptions, 'source' | 'file' | 'loopLine' | 'seed' | 'overrides' | 'backend'> {
  maxIterations?: number;
  tolerance?: number;
  /** ε of the finite differences (fallback only), relative to ‖w‖. */
  epsilonScale?: number;
  /** Force finite differences even where the exact products are available (for comparisons). */
  finiteDifferences?: boolean;
}

/** Thrown from the backward hook to end a run once the first step is reached; Python code cannot catch it. */
class Captured extends StopRun {}

function flatten(ts: readonly tf.Tensor[]): Float64Array {
  const n = ts.reduce((a, t) => a + t.size, 0);
  const out = new Float64Array(n);
  let o = 0;
  for (const t of ts) { out.set(t.dataSync(), o); o += t.size; }
  return out;
}

/** Splits a flat vector into tensors shaped like the parameters. */
function unflatten(params: readonly TrackedParam[], flat: Float64Array): Tensor[] {
  let o = 0;
  return params.map(({ tensor }) => {
    const n = tensor.value.size;
    const t = new Tensor(tf.tensor(Float32Array.from(flat.subarray(o, o + n)), tensor.shape, 'float32'));
    o += n;
    return t;
  });
}

function setParams(params: readonly TrackedParam[], flat: Float64Array): void {
  let o = 0;
  for (const { tensor } of params) {
    const n = tensor.value.size;
    replaceValue(tensor.storage, tf.tensor(Float32Array.from(flat.subarray(o, o + n)), tensor.shape, 'float32'));
    o += n;
  }
}

/** First-order gradients of `root` w.r.t. the parameters (zeros for parameters the loss does not use). */
function gradients(root: Tensor, params: readonly TrackedParam[], retain: boolean): Float64Array {
  const gs = grad(root, params.map((p) => p.tensor), null, retain, true);
  return flatten(gs.map((g, i) => g?.value ?? tf.zerosLike(params[i].tensor.value)));
}

/** The chosen loop, with a callback the first time the program enters it. */
class ProbeLoop extends ChosenLoop {
  private entered = false;
  constructor(file: string, line: number, private readonly onFirstEnter: (f: Frame) => void) { super(file, line); }
  override enter(f: Frame): void {
    super.enter(f);
    if (!this.entered) { this.entered = true; this.onFirstEnter(f); }
  }
}

interface Session { interp: Interpreter; torch: TorchEnvironment; program: Program; loop: ProbeLoop }

interface FirstStep { root: Tensor; params: TrackedParam[]; frame: Frame | undefined; loss: number }

/**
 * Runs the program from the start (seeded) until the first backward() inside the chosen loop; `atEnter` may move
 * the parameters when the loop is first entered. Returns the session (for sweeping) and what the step sees.
 */
function runToFirstStep(opts: ProbeOptions, seed: number, line: number, file: string,
  atEnter: ((params: TrackedParam[]) => void) | null): { session: Session; step: FirstStep } {
  defaultGenerator.manualSeed(seed);
  const { interp, torch } = createSession(() => {});
  const program = interp.compile(opts.source, file, { overrides: opts.overrides });
  const loop = new ProbeLoop(file, line, (f) => { if (atEnter) atEnter(trackedParams(interp, torch, f)); });
  const session: Session = { interp, torch, program, loop };
  let step: FirstStep | undefined;
  const hook = (root: Tensor): void => {
    if (!loop.active || step) return;
    const frame = loop.frame;
    step = { root, params: trackedParams(interp, torch, frame), frame, loss: root.numel() === 1 ? root.value.dataSync()[0] : NaN };
    throw new Captured();
  };
  backwardPreHooks.add(hook);
  interp.loopWatch = loop;
  try {
    interp.execute(program);
  } catch (e) {
    if (!(e instanceof Captured)) throw e;
  } finally {
    interp.loopWatch = null;
    backwardPreHooks.delete(hook);
  }
  if (!step) throw pyErr('RuntimeError', 'the training loop finished without calling backward(): nothing to probe');
  return { session, step };
}

/** Exact Hessian-vector products by double backward; null when the loss graph has no second derivative. */
function exactHvp(step: FirstStep, roots: Iterable<unknown>): ((v: Float64Array) => Float64Array) | null {
  const ps = step.params.map((p) => p.tensor);
  let gs: (Tensor | null)[];
  try {
    gs = grad(step.root, ps, null, true, true, true);
  } catch (e) {
    if (e instanceof EngineError && e.pyType === 'NotSupported') return null;
    throw e;
  }
  const hvp = (v: Float64Array): Float64Array => {
    const vs = unflatten(step.params, v);
    let dotT: Tensor | null = null;
    gs.forEach((g, i) => {
      if (!g || !g.requiresGrad) return;
      const d = sum(mul(g, vs[i]));
      dotT = dotT ? add(dotT, d) : d;
    });
    if (!dotT) return new Float64Array(v.length);
    const hv = grad(dotT, ps, null, true, true);
    const out = flatten(hv.map((h, i) => h?.value ?? tf.zerosLike(ps[i].value)));
    sweep([...roots, step, gs]); // each product's temporaries
    return out;
  };
  // One product up front: an op without a second derivative raises here, before Lanczos starts.
  try {
    hvp(startVector(step.params.reduce((a, p) => a + p.tensor.numel(), 0)));
  } catch (e) {
    if (e instanceof EngineError && e.pyType === 'NotSupported') return null;
    throw e;
  }
  return hvp;
}

export async function probeSnippet(opts: ProbeOptions): Promise<ProbeResult> {
  const t0 = performance.now();
  await prepareRun(opts.backend);
  const seed = opts.seed ?? Number(defaultGenerator.seedRandomly());
  const file = opts.file ?? '<snippet>';
  // Without a line: the first loop that calls backward() (a manual `p -= lr * p.grad` loop inside an sgd()
  // helper trains too, but has no loss graph to probe), else the first training loop.
  const loops = opts.loopLine !== undefined ? [] : findTrainingLoops(opts.source);
  const loopInfo = opts.loopLine !== undefined ? { line: opts.loopLine } : loops.find((l) => l.trigger === 'backward') ?? loops[0];
  if (!loopInfo) throw pyErr('ValueError', 'no training loop (a for/while loop calling backward()) found');
  if (!loopStartsAt(opts.source, loopInfo.line)) throw pyErr('ValueError', `--line ${loopInfo.line}: no for/while loop starts on that line`);
  const maxIt = opts.maxIterations ?? 60;
  const tol = opts.tolerance ?? 1e-3;
  const { session, step } = runToFirstStep(opts, seed, loopInfo.line, file, null);
  try {
    const w0 = flatten(step.params.map((p) => p.tensor.value));
    // Hessian products may run the program's Python (a custom autograd.Function's backward): inside its interpreter.
    const { interp: owner } = session;
    let hvp = opts.finiteDifferences ? null : owner.activate(() => exactHvp(step, [...owner.roots()]));
    const method: 'exact' | 'finite-difference' = hvp ? 'exact' : 'finite-difference';
    if (!hvp) {
      // ε relative to ‖w‖. Measured on the seed nets against exact double-backward λ (PyTorch): 1e-3·‖w‖ moves
      // enough ReLUs across their kink to inflate λ 2.7× on nn.Sequential; 1e-5 and 1e-6 agree within 0.3%.
      const wNorm = norm(w0);
      const eps = (opts.epsilonScale ?? 1e-5) * (wNorm > 0 ? wNorm : 1);
      const names = step.params.map((p) => p.name).join();
      const at = (moved: Float64Array): Float64Array => {
        const r = runToFirstStep(opts, seed, loopInfo.line, file, (ps) => {
          if (ps.map((p) => p.name).join() !== names) throw pyErr('RuntimeError', 'the probe could not replay the loop: its parameters differ between runs');
          setParams(ps, moved);
        });
        const g = gradients(r.step.root, r.step.params, false);
        sweep([...session.interp.roots(), step]);
        return g;
      };
      hvp = (v: Float64Array): Float64Array => {
        const moved = new Float64Array(w0.length);
        for (let i = 0; i < w0.length; i++) moved[i] = w0[i] + eps * v[i];
        const gp = at(moved);
        for (let i = 0; i < w0.length; i++) moved[i] = w0[i] - eps * v[i];
        const gm = at(moved);
        const hv = new Float64Array(w0.length);
        for (let i = 0; i < w0.length; i++) hv[i] = (gp[i] - gm[i]) / (2 * eps);
        return hv;
      };
    }
    const { lambda, iterations: it, converged } = owner.activate(() => lanczosMax(hvp!, startVector(w0.length), maxIt, tol));
    const { interp } = session;
    const opt = optimizerInfo(interp, step.frame);
    const { stable, bound } = stableLr(lambda, opt.name, opt.momentum);
    const lr = findLearningRate(interp, step.frame) ?? null;
    return {
      lambda_max: lambda, stable_lr: stable, lr, ratio: stable !== null && lr !== null ? lr / stable : null,
      iterations: it, converged, optimizer: opt.name, bound, loss: step.loss, hvp: method,
      params: step.params.map((p) => p.name), line: loopInfo.line, elapsed_ms: Math.round(performance.now() - t0),
    };
  } finally {
    sweep(session.interp.roots());
  }
}
