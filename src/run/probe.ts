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
import { dot, lanczosMax, norm, startVector } from './lanczos';
// Re-exported: the Lanczos routine lives in ./lanczos (the tfjs engine's probe shares it).
export { lanczosMax, tridiagonalMax } from './lanczos';

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
