// The stable-LR probe: λ_max of the loss Hessian at the parameters of the first step, by power
// iteration on finite-difference Hessian-vector products Hv ≈ (g(w+εv) − g(w−εv)) / 2ε. Each g(·) replays the
// loop's first iteration up to its backward() with the parameters moved and the RNG state restored, so any
// engine (ours now, tfjs snippets later) can be probed without double backward.
import * as tf from '@tensorflow/tfjs-core';
import { backwardHooks, defaultGenerator, replaceValue, sweep, type Tensor } from '../engine';
import { StopRun, pyErr, type Interpreter, type Program } from '../python';
import type { TrackedParam } from './recorder';
import { createSession, prepareRun, type RunOptions } from './runner';
import { findLearningRate, optimizerInfo, trackedParams } from './tracking';
import { findTrainingLoops } from '../analysis/loops';
import type { TorchEnvironment } from '../torch';
import type { ProbeResult } from '../protocol/analysis';
import { stableLr } from '../analysis/stability';

export interface ProbeOptions extends Pick<RunOptions, 'source' | 'file' | 'loopLine' | 'seed' | 'overrides' | 'backend'> {
  maxIterations?: number;
  tolerance?: number;
  /** ε of the finite differences, relative to ‖w‖. */
  epsilonScale?: number;
}

/** Thrown from the backward hook to end a replay once the gradients are in; Python code cannot catch it. */
class Captured extends StopRun {}

interface Capture { params: TrackedParam[]; grads: Float64Array; loss: number }

function flatten(ts: readonly tf.Tensor[]): Float64Array {
  const n = ts.reduce((a, t) => a + t.size, 0);
  const out = new Float64Array(n);
  let o = 0;
  for (const t of ts) { out.set(t.dataSync(), o); o += t.size; }
  return out;
}

const dot = (a: Float64Array, b: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

/** Deterministic unit start vector (not torch's generator: the probe must not disturb the snippet's draws). */
function startVector(n: number): Float64Array {
  let s = 0x9e3779b9;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; v[i] = s / 2 ** 32 - 0.5; }
  const k = norm(v);
  for (let i = 0; i < n; i++) v[i] /= k;
  return v;
}


class Replayer {
  private readonly rngState = defaultGenerator.getState();
  constructor(private readonly interp: Interpreter, private readonly program: Program, private readonly loopIndex: number,
    private readonly torch: TorchEnvironment) {}

  /** Runs the loop body up to its first backward() and returns the gradients of the tracked parameters. */
  gradients(): Capture {
    let cap: Capture | undefined;
    const hook = (root: Tensor): void => {
      const params = trackedParams(this.interp, this.torch);
      const grads = flatten(params.map((p) => p.tensor.grad?.value ?? tf.zerosLike(p.tensor.value)));
      cap = { params, grads, loss: root.value.dataSync()[0] };
      throw new Captured();
    };
    defaultGenerator.setState(this.rngState);
    backwardHooks.add(hook);
    try {
      this.interp.execute(this.program, (s) => s.index === this.loopIndex);
    } catch (e) {
      if (!(e instanceof Captured)) throw e;
    } finally {
      backwardHooks.delete(hook);
    }
    if (!cap) throw pyErr('RuntimeError', 'the training loop finished without calling backward(): nothing to probe');
    for (const p of cap.params) p.tensor.grad = null;
    return cap;
  }
}

function setParams(params: readonly TrackedParam[], flat: Float64Array): void {
  let o = 0;
  for (const { tensor } of params) {
    const n = tensor.value.size;
    replaceValue(tensor.storage, tf.tensor(Float32Array.from(flat.subarray(o, o + n)), tensor.shape, 'float32'));
    o += n;
  }
}

/**
 * Largest eigenvalue of a symmetric operator by Lanczos with full reorthogonalisation: the top Ritz value
 * converges in tens of products where plain power iteration needs hundreds when the top eigenvalues are close
 * (the nn.Sequential seed net needs ~340 power steps for 1e-3). Stops when the top Ritz value changes by less
 * than `tol` (relative) between iterations, or after `maxIt` products.
 */
export function lanczosMax(op: (v: Float64Array) => Float64Array, v0: Float64Array, maxIt: number, tol: number):
  { lambda: number; iterations: number; converged: boolean } {
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = v0;
  let prev = NaN;
  for (let k = 1; k <= maxIt; k++) {
    basis.push(v);
    const w = op(v);
    const a = dot(w, v);
    alpha.push(a);
    // Full reorthogonalisation against every earlier vector keeps the Ritz values honest in floating point.
    for (const q of basis) { const c = dot(w, q); for (let i = 0; i < w.length; i++) w[i] -= c * q[i]; }
    const b = norm(w);
    const top = tridiagonalMax(alpha, beta);
    if (!Number.isFinite(top)) return { lambda: top, iterations: k, converged: false };
    if (Number.isFinite(prev) && Math.abs(top - prev) <= tol * Math.abs(top)) return { lambda: top, iterations: k, converged: true };
    prev = top;
    if (!(b > 1e-12 * Math.abs(a)) || k === w.length) return { lambda: top, iterations: k, converged: true };
    beta.push(b);
    v = w.map((x) => x / b);
  }
  return { lambda: prev, iterations: maxIt, converged: false };
}

/** Largest eigenvalue of the symmetric tridiagonal matrix (diag alpha, off-diag beta) by Sturm bisection. */
export function tridiagonalMax(alpha: readonly number[], beta: readonly number[]): number {
  const n = alpha.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < n - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  // Number of eigenvalues smaller than x (Sturm sequence of the LDLᵀ pivots).
  const below = (x: number): number => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < n; i++) {
      d = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(Math.abs(lo), Math.abs(hi), 1e-300); i++) {
    const mid = (lo + hi) / 2;
    if (below(mid) >= n) hi = mid; else lo = mid;
  }
  return (lo + hi) / 2;
}

export async function probeSnippet(opts: ProbeOptions): Promise<ProbeResult> {
  const t0 = performance.now();
  await prepareRun(opts.backend);
  defaultGenerator.manualSeed(opts.seed ?? Number(defaultGenerator.seedRandomly()));
  const { interp, torch } = createSession(() => {});
  const program = interp.compile(opts.source, opts.file ?? '<snippet>', { overrides: opts.overrides });
  const loopInfo = opts.loopLine !== undefined
    ? findTrainingLoops(opts.source).find((l) => l.line === opts.loopLine) ?? { line: opts.loopLine }
    : findTrainingLoops(opts.source)[0];
  if (!loopInfo) throw pyErr('ValueError', 'no training loop (a for/while loop calling backward()) found');
  const loop = program.statements.find((s) => s.line === loopInfo.line);
  if (!loop) throw pyErr('ValueError', `--line ${loopInfo.line}: no top-level loop starts on that line`);
  try {
    interp.execute(program, (s) => s.line < loop.line);
    const replay = new Replayer(interp, program, loop.index, torch);
    const base = replay.gradients();
    const w0 = flatten(base.params.map((p) => p.tensor.value));
    const wNorm = norm(w0);
    // ε relative to ‖w‖. Measured on the seed nets against exact double-backward λ (PyTorch): 1e-3·‖w‖ moves
    // enough ReLUs across their kink to inflate λ 2.7× on nn.Sequential; 1e-5 and 1e-6 agree within 0.3%, and
    // float32 gradient noise only shows below that.
    const eps = (opts.epsilonScale ?? 1e-5) * (wNorm > 0 ? wNorm : 1);
    const maxIt = opts.maxIterations ?? 60;
    const tol = opts.tolerance ?? 1e-3;
    const hvp = (v: Float64Array): Float64Array => {
      const moved = new Float64Array(w0.length);
      for (let i = 0; i < w0.length; i++) moved[i] = w0[i] + eps * v[i];
      setParams(base.params, moved);
      const gp = replay.gradients().grads;
      for (let i = 0; i < w0.length; i++) moved[i] = w0[i] - eps * v[i];
      setParams(base.params, moved);
      const gm = replay.gradients().grads;
      const hv = new Float64Array(w0.length);
      for (let i = 0; i < w0.length; i++) hv[i] = (gp[i] - gm[i]) / (2 * eps);
      return hv;
    };
    const { lambda, iterations: it, converged } = lanczosMax(hvp, startVector(w0.length), maxIt, tol);
    setParams(base.params, w0);
    const opt = optimizerInfo(interp);
    const { stable, bound } = stableLr(lambda, opt.name, opt.momentum);
    const lr = findLearningRate(interp) ?? null;
    return {
      lambda_max: lambda, stable_lr: stable, lr, ratio: stable !== null && lr !== null ? lr / stable : null,
      iterations: it, converged, optimizer: opt.name, bound, loss: base.loss,
      params: base.params.map((p) => p.name), line: loop.line, elapsed_ms: Math.round(performance.now() - t0),
    };
  } finally {
    sweep(interp.roots());
  }
}
