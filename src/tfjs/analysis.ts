// The analyses of a tfjs program, as the built-in engine has them for Python: init statistics of what the setup made
// (hovers, `loss-lens stats`) and the stable-lr probe. Both run the program with the run's seed up to the chosen
// loop's first gradient computation (runner.ts `analysis`), with the weights the first step would see; no update
// runs. The probe's Hessian-vector products are the gradient of ∇f·v through tfjs's own autograd (double backward)
// of the loss function the program hands to tfjs (variableGrads, minimize, fit) — or central differences of the
// gradient where tfjs's double backward is incomplete (see tfjsProbe).
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../engine/backend';
import type { AnalysisRequest, ProbeRequest } from '../protocol/engine';
import type { InitStats, ModuleStats, SchemeCompare, TensorStats } from '../protocol/analysis';
import { schemeStds } from '../analysis/fanInference';
import { stableLr } from '../analysis/stability';
import { findTfjsTrainingLoops } from '../analysis/tfjsLoops';
import { initScriptParser, languageOf } from '../analysis/scriptParser';
import { lanczosMax, norm, startVector } from '../analysis/lanczos';
import { histogram, HISTOGRAM_BINS, moments } from '../analysis/moments';
import type { ErrorRecord, RunRecord } from '../protocol/record';
import { runTfjs, type ProgramVariable, type Setup } from './runner';

type WithBackend<T> = T & { backend: BackendName };

/** A tfjs weight's fans as tfjs-layers computes them (channels last): kernels are (…receptive field, in, out). */
export function tfjsFans(shape: readonly number[]): { fan_in: number; fan_out: number } | undefined {
  if (shape.length < 2) return undefined;
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fan_in: receptive * shape[shape.length - 2], fan_out: receptive * shape[shape.length - 1] };
}

/** The std of a normal cut at ±2σ (tf.truncatedNormal), as a multiple of σ. */
export const TRUNCATED_STD = 0.87962566103423978;

/**
 * tfjs's own default first — Dense and Conv kernels default to glorotNormal: tf.truncatedNormal with
 * σ = √(2/(fan_in+fan_out)), cut at 2σ and not rescaled, so its std is 0.88σ — then PyTorch's and the usual schemes.
 */
export function tfjsSchemes(std: number, fanIn: number, fanOut: number): SchemeCompare[] {
  const glorot = Math.sqrt(2 / (fanIn + fanOut));
  return [
    { id: 'tfjs' as const, label: "tfjs's default glorotNormal (Dense, Conv; cut at 2σ)", formula: '0.88·√(2/(fan_in+fan_out))', std: TRUNCATED_STD * glorot },
    ...schemeStds(fanIn, fanOut),
  ].map((s) => ({ ...s, ratio: std / s.std }));
}

function describe(pv: ProgramVariable): TensorStats {
  const v = pv.variable;
  const data = v.dataSync() as Float32Array;
  const m = moments(data);
  const s: TensorStats = {
    kind: 'tensor', name: pv.name, shape: [...v.shape], dtype: v.dtype, requires_grad: v.trainable, is_leaf: true,
    numel: data.length, ...m, histogram: histogram(data, HISTOGRAM_BINS, m.min, m.max),
  };
  if (pv.line !== undefined) s.line = pv.line;
  const fans = v.dtype === 'float32' ? tfjsFans(v.shape) : undefined;
  if (fans) {
    s.fan = pv.layer
      ? { ...fans, source: 'module', how: `${pv.name} has shape (${v.shape.length > 2 ? '…kernel, ' : ''}in, out) as in tf.layers` }
      : { ...fans, source: 'assumed', how: 'tfjs convention (in, out) assumed, as x.matMul(w) uses it' };
    s.schemes = tfjsSchemes(m.std, fans.fan_in, fans.fan_out);
  }
  return s;
}

function setupStats(setup: Setup, into: InitStats): void {
  into.tensors = setup.variables.map(describe);
  const modules: ModuleStats[] = [];
  for (const [name, layer] of setup.layers) {
    const params = setup.variables.filter((v) => v.layer?.name === name).map((v) => v.name);
    const m: ModuleStats = { kind: 'module', name, cls: layer.cls, params, children: [] };
    if (layer.line !== undefined) m.line = layer.line;
    modules.push(m);
  }
  into.modules = modules;
}

function chosenLoop(req: AnalysisRequest): number | undefined {
  if (req.loopLine !== undefined) return req.loopLine;
  return findTfjsTrainingLoops(req.source, req.file, req.file ? languageOf(req.file) : 'typescript')[0]?.line;
}

function errorOf(records: RunRecord[]): ErrorRecord | undefined {
  return records.find((r): r is ErrorRecord => r.type === 'error');
}

/** Init statistics of every variable the setup made (hand-made and layer weights), no training step run. */
export async function tfjsStats(req: WithBackend<AnalysisRequest>): Promise<InitStats> {
  const t0 = performance.now();
  await initScriptParser();
  const seed = req.seed ?? 0;
  const loopLine = chosenLoop(req);
  const result: InitStats = { seed, tensors: [], modules: [], elapsed_ms: 0 };
  if (loopLine !== undefined) result.loopLine = loopLine;
  const records: RunRecord[] = [];
  await runTfjs({ ...req, seed, loopLine, steps: undefined, backend: req.backend,
    analysis: { atFirstStep: (setup) => setupStats(setup, result), atEnd: (setup) => setupStats(setup, result) } }, (r) => records.push(r));
  const err = errorOf(records);
  if (err) result.error = { type: err.error, message: err.message, ...(err.line !== undefined ? { line: err.line } : {}) };
  result.elapsed_ms = Math.round(performance.now() - t0);
  return result;
}

/** tfjs optimizer class names as the stability bound knows them (PyTorch's). */
const OPTIMIZER_NAMES: Record<string, string> = { SGD: 'SGD', Momentum: 'SGD', Adam: 'Adam', Adamax: 'Adamax', RMSProp: 'RMSprop', Adagrad: 'Adagrad', Adadelta: 'Adadelta' };

function flatten(ts: readonly tf.Tensor[]): Float64Array {
  const out = new Float64Array(ts.reduce((a, t) => a + t.size, 0));
  let o = 0;
  for (const t of ts) { out.set(t.dataSync(), o); o += t.size; }
  return out;
}

/** λ_max of the loss Hessian at the first step's weights (Lanczos on exact products) and the stable lr. */
export async function tfjsProbe(req: WithBackend<ProbeRequest>): Promise<import('../protocol/analysis').ProbeResult> {
  const t0 = performance.now();
  await initScriptParser();
  const lang = req.file ? languageOf(req.file) : 'typescript';
  const loops = findTfjsTrainingLoops(req.source, req.file, lang);
  const loop = req.loopLine !== undefined ? loops.find((l) => l.line === req.loopLine) : loops[0];
  if (!loop) throw new Error('no training loop (a loop computing gradients with tf.variableGrads, tf.grads or an optimizer, or a model.fit call) found');
  let result: import('../protocol/analysis').ProbeResult | undefined;
  const records: RunRecord[] = [];
  await runTfjs({ ...req, loopLine: loop.line, seed: req.seed ?? 0, steps: undefined, backend: req.backend, analysis: {
    atEnd: () => undefined,
    atFirstStep: (setup, f, vars, optimizer) => {
      const first = tf.variableGrads(f, vars);
      // Variables the loss does not reach have no gradient (and no curvature).
      const used = vars.filter((v) => first.grads[v.name] != null);
      const loss = first.value.dataSync()[0];
      tf.dispose([first.value, ...Object.values(first.grads)]);
      const split = (vec: Float64Array): tf.Tensor[] => {
        let o = 0;
        return used.map((u) => { const t = tf.tensor(Float32Array.from(vec.subarray(o, o + u.size)), u.shape, 'float32'); o += u.size; return t; });
      };
      const gradient = (): Float64Array => {
        const g = tf.variableGrads(f, used);
        const flat = flatten(used.map((u) => g.grads[u.name]));
        tf.dispose([g.value, ...Object.values(g.grads)]);
        return flat;
      };
      // Exact: the gradient of ∇f·v, differentiated by tfjs itself.
      const exact = (vec: Float64Array): Float64Array => {
        const products = tf.tidy(() => {
          const parts = split(vec);
          const { grads } = tf.variableGrads(() => {
            const g = tf.variableGrads(f, used).grads;
            return tf.addN(used.map((u, i) => tf.sum(tf.mul(g[u.name], parts[i])))) as tf.Scalar;
          }, used);
          return used.map((u) => grads[u.name] ?? tf.zerosLike(u));
        });
        const flat = flatten(products);
        tf.dispose(products);
        return flat;
      };
      // Central differences of the gradient, as the built-in engine's probe (ε relative to ‖w‖, see src/run/probe.ts).
      const w0 = flatten(used);
      const eps = (req.epsilonScale ?? 1e-5) * (norm(w0) || 1);
      const setWeights = (flat: Float64Array): void => { split(flat).forEach((t, i) => { used[i].assign(t); t.dispose(); }); };
      const differences = (vec: Float64Array, h = eps): Float64Array => {
        setWeights(w0.map((w, i) => w + h * vec[i]));
        const gp = gradient();
        setWeights(w0.map((w, i) => w - h * vec[i]));
        const gm = gradient();
        setWeights(w0);
        return gp.map((g, i) => (g - gm[i]) / (2 * h));
      };
      const apart = (a: Float64Array, b: Float64Array): number => norm(a.map((x, i) => x - b[i])) / norm(b);
      // tfjs's double backward is incomplete: gradients written with an op's saved output (tanh, sigmoid, exp, elu,
      // softmax) are not differentiated through that output, so the exact product misses a term (or throws). Checked
      // against differences on the start vector; where they disagree, the probe uses differences throughout. Float32
      // differences are themselves noisy on big nets (a few % on the seed nets, where the exact product is right):
      // the same differences at half the step say how far apart the two may be before the exact product is wrong.
      const v0 = startVector(w0.length);
      let hvp = exact;
      let why: string | undefined;
      try {
        const a = exact(v0), b = differences(v0);
        const off = apart(a, b);
        const noise = off <= 1e-2 ? 0 : apart(differences(v0, eps / 2), b);
        if (!(off <= Math.max(1e-2, 3 * noise))) {
          hvp = differences;
          why = `tfjs's double-backward product is ${Number.isFinite(off) ? `${(100 * off).toPrecision(2)}% off` : 'not finite'} against central differences`
            + ` (which agree within ${(100 * noise).toPrecision(2)}% at half the step) on the start vector:`
            + ' tfjs does not differentiate the gradients of tanh, sigmoid, exp, elu or softmax a second time';
        }
      } catch (e) {
        hvp = differences;
        why = `tfjs's double backward failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      const { lambda, iterations, converged } = lanczosMax(hvp, v0, req.maxIterations ?? 60, req.tolerance ?? 1e-3);
      const cls = optimizer ? (optimizer.constructor as unknown as { className?: string }).className ?? optimizer.getClassName() : undefined;
      const name = cls ? OPTIMIZER_NAMES[cls] ?? cls : 'SGD';
      const momentum = cls === 'Momentum' ? (optimizer as unknown as { momentum: number }).momentum : 0;
      const optLr = (optimizer as unknown as { learningRate?: unknown } | undefined)?.learningRate;
      const overridden = loop.lrName !== undefined ? req.overrides?.[loop.lrName] : undefined;
      const lr = typeof optLr === 'number' ? optLr : overridden !== undefined ? Number(overridden) : loop.lrValue ?? null;
      const { stable, bound } = stableLr(lambda, name, momentum);
      const names = new Map(setup.variables.map((v) => [v.variable, v.name]));
      result = {
        lambda_max: lambda, stable_lr: stable, lr, ratio: stable !== null && lr !== null ? lr / stable : null, iterations, converged,
        optimizer: cls ? (cls === 'Momentum' ? 'SGD (momentum)' : name) : 'hand-written update', bound, loss,
        params: used.map((u) => names.get(u) ?? u.name), line: loop.line, elapsed_ms: 0,
        hvp: hvp === exact ? 'exact' : 'finite-difference', ...(why !== undefined ? { hvp_reason: why } : {}),
      };
    },
  } }, (r) => records.push(r));
  const err = errorOf(records);
  if (!result) {
    const e = new Error(err ? err.message : `the loop at line ${loop.line} computed no gradient`) as Error & { pyType?: string; line?: number };
    if (err) { e.pyType = err.error; if (err.line !== undefined) e.line = err.line; }
    throw e;
  }
  result.elapsed_ms = Math.round(performance.now() - t0);
  return result;
}
