// Init statistics: run only the setup of a snippet (the code above its training loop) with the seed,
// then describe every tensor and nn.Module global: shape, dtype, moments, a histogram, fan_in/fan_out inferred
// from how each weight is used, the std each common init scheme would give, and the activation scale the weight
// produces on the setup's data. No training step runs. Pure (no `vscode`): the worker, the CLI and tests share it.
import * as tf from '@tensorflow/tfjs-core';
import { defaultGenerator, noGrad, sweep, Tensor } from '../engine';
import { PyException, PyInstance, PyDict, StopRun, type Frame, type Interpreter, type LoopWatch, type PyValue } from '../python';
import { visibleNames } from './tracking';
import { loopStartsAt } from './chosenLoop';
import type { TorchEnvironment } from '../torch';
import { parseTolerant } from '../python/parser';
import { fanFromUses, findModuleCallsInTree, findWeightUsesInTree, schemeStds, torchFan, type ModuleCall, type WeightUse } from '../analysis/fanInference';
import type { ActivationStats, InitStats, ModuleStats, SchemeCompare, TensorStats } from '../protocol/analysis';
import { findTrainingLoopsInTree } from '../analysis/loops';
import { createSession, prepareRun, type RunOptions } from './runner';
import { HISTOGRAM_BINS, histogram, moments } from '../analysis/moments';

// moments and histogram live in ./moments (the tfjs engine's init statistics share them).
export { HISTOGRAM_BINS, histogram, moments } from '../analysis/moments';

export type InitStatsOptions = Pick<RunOptions, 'source' | 'file' | 'loopLine' | 'seed' | 'overrides' | 'backend'>;

function compareSchemes(std: number, fanIn: number, fanOut: number): SchemeCompare[] {
  return schemeStds(fanIn, fanOut).map((s) => ({ ...s, ratio: std / s.std }));
}

function dtypeName(t: Tensor): string {
  return t.dtype === 'float32' || t.dtype === 'float64' ? `torch.${t.dtype}` : t.dtype === 'int64' ? 'torch.int64' : 'torch.bool';
}

function describeTensor(name: string, t: Tensor): TensorStats {
  const data = t.value.dataSync();
  const m = moments(data);
  return {
    kind: 'tensor', name, shape: [...t.shape], dtype: dtypeName(t), requires_grad: t.requiresGrad, is_leaf: t.isLeaf,
    numel: data.length, ...m, histogram: histogram(data, HISTOGRAM_BINS, m.min, m.max),
  };
}

/** std of data @ W (or W @ data) and of its ReLU, computed in tf on the engine's values. */
function activation(use: WeightUse, data: Tensor, weight: Tensor): ActivationStats | undefined {
  const [d, w] = [data.value, weight.value];
  if (w.rank !== 2 || d.rank < 1 || d.rank > 2) return undefined;
  // Disposed by hand: tf.tidy would walk the returned typed array element by element.
  const d2 = d.rank === 1 ? (use.dataSide === 'left' ? tf.reshape(d, [1, -1]) : tf.reshape(d, [-1, 1])) : d;
  // F.linear(x, W) is x @ W.T: its weight is transposed unless the snippet already transposed it.
  const tw = use.form === 'linear' ? !use.transposed : use.transposed;
  const out = use.dataSide === 'left' ? tf.matMul(d2, w, false, tw) : tf.matMul(w, d2, tw, false);
  const prod = out.dataSync();
  out.dispose();
  if (d2 !== d) d2.dispose();
  const relu = Float32Array.from(prod, (v) => (v > 0 ? v : 0));
  return { data: use.data, data_std: moments(d.dataSync()).std, pre_std: moments(prod).std, relu_std: moments(relu).std, line: use.line };
}

function tryEvaluate(interp: Interpreter, text: string): PyValue | undefined {
  try { return noGrad(() => interp.evaluate(text)); } catch { return undefined; }
}

/** The matmul shape contract holds for this reading of the use (so `x.mm(w1)` is not also read as x being the weight). */
function fits(use: WeightUse, w: Tensor, data: Tensor | undefined): boolean {
  if (w.ndim !== 2 || !data || data.ndim === 0) return w.ndim <= 2;
  const inner = use.dataSide === 'left' ? data.shape[data.ndim - 1] : data.shape[0];
  return inner === w.shape[use.inAxis];
}

function moduleEntries(torch: TorchEnvironment, name: string, m: PyInstance, out: ModuleStats[]): void {
  const children: string[] = [];
  const mods = m.dict.get('_modules');
  const params = torch.namedParameters(m).map(([pn]) => `${name}.${pn}`);
  out.push({ kind: 'module', name, cls: m.cls.name, params, children });
  if (!(mods instanceof PyDict)) return;
  for (const [k, v] of mods.entries()) {
    if (!(v instanceof PyInstance)) continue;
    children.push(`${name}.${String(k)}`);
    moduleEntries(torch, `${name}.${String(k)}`, v, out);
  }
}

/** Runs the setup of `opts.source` and describes its tensors and modules. Snippet errors are reported, not thrown. */
export async function computeInitStats(opts: InitStatsOptions): Promise<InitStats> {
  const t0 = performance.now();
  await prepareRun(opts.backend);
  // A fixed default seed (not a random one): hovers must show the same numbers every time.
  const seed = opts.seed ?? 0;
  defaultGenerator.manualSeed(seed);
  const { interp, torch } = createSession(() => {});
  // One parse for loops, weight uses and module calls (the hover pays for every millisecond here).
  const tree = parseTolerant(opts.source);
  let loopLine = opts.loopLine;
  let shape: SourceShape;
  try {
    loopLine ??= findTrainingLoopsInTree(tree.rootNode)[0]?.line;
    shape = { uses: findWeightUsesInTree(tree.rootNode), calls: findModuleCallsInTree(tree.rootNode) };
  } finally {
    tree.delete();
  }
  const result: InitStats = { seed, tensors: [], modules: [], elapsed_ms: 0 };
  if (loopLine !== undefined) result.loopLine = loopLine;
  // The whole program runs (as __main__) until it first enters the chosen loop, wherever that loop lives (top
  // level, a function, under the main guard); the names visible there are the ones described.
  const file = opts.file ?? '<snippet>';
  // A line where no loop starts (`stats --line N`) keeps the older meaning: the top-level lines above it.
  const atLoop = loopLine !== undefined && loopStartsAt(opts.source, loopLine);
  const watch = atLoop ? new StopAtLoop(file, loopLine!) : null;
  try {
    const program = interp.compile(opts.source, file, { overrides: opts.overrides });
    interp.loopWatch = watch;
    interp.execute(program, loopLine === undefined || atLoop ? undefined : (s) => s.line < loopLine!);
  } catch (e) {
    if (!(e instanceof AtLoop)) {
      result.error = e instanceof PyException ? { type: e.pyType, message: e.message, line: e.line }
        : { type: 'InternalError', message: (e as Error)?.message ?? String(e) };
    }
  } finally {
    interp.loopWatch = null;
  }
  try {
    describeGlobals(interp, torch, shape, result, watch?.frame);
  } finally {
    sweep(interp.roots());
  }
  result.elapsed_ms = Math.round(performance.now() - t0);
  return result;
}

interface SourceShape { uses: WeightUse[]; calls: ModuleCall[] }

/** Ends the setup run when the chosen loop is first entered (cannot be caught by Python code). */
class AtLoop extends StopRun {}
class StopAtLoop implements LoopWatch {
  frame: Frame | undefined;
  constructor(readonly file: string, readonly line: number) {}
  enter(f: Frame): void { this.frame = f; throw new AtLoop(); }
  exit(): void { /* the run ends at enter */ }
  proceed(): boolean { return true; }
}

function describeGlobals(interp: Interpreter, torch: TorchEnvironment, { uses, calls }: SourceShape, result: InitStats, frame?: Frame): void {
  const seen = new Set<Tensor>();
  for (const [name, v] of visibleNames(interp, frame)) {
    if (name.startsWith('__')) continue;
    if (v instanceof Tensor && !seen.has(v)) {
      seen.add(v);
      const s = describeTensor(name, v);
      if (v.requiresGrad && v.isFloatingPoint()) annotateHandMade(interp, s, v, uses.filter((u) => u.name === name));
      result.tensors.push(s);
    } else if (torch.isModule(v)) {
      moduleEntries(torch, name, v as PyInstance, result.modules);
      for (const [pn, p] of torch.namedParameters(v)) {
        if (seen.has(p)) continue;
        seen.add(p);
        const s = describeTensor(`${name}.${pn}`, p);
        const fan = torchFan(p.shape);
        if (fan) {
          s.fan = { ...fan, source: 'module', how: `${name}.${pn} has shape (out, in${p.ndim > 2 ? ', *kernel' : ''}) as in torch.nn` };
          s.schemes = compareSchemes(s.std, fan.fan_in, fan.fan_out);
        }
        result.tensors.push(s);
      }
      annotateModuleActivations(interp, torch, name, v as PyInstance, calls, result);
    }
  }
}

/** A weight the snippet made itself: fan from its uses, the schemes, activations on the setup's data, bias. */
function annotateHandMade(interp: Interpreter, s: TensorStats, w: Tensor, uses: WeightUse[]): void {
  const readable = uses.map((u) => {
    const data = tryEvaluate(interp, u.data);
    return { u, data: data instanceof Tensor ? data : undefined };
  }).filter(({ u, data }) => fits(u, w, data));
  const fan = fanFromUses(w.shape, readable.map((r) => r.u));
  if (fan) {
    s.fan = { fan_in: fan.fan_in, fan_out: fan.fan_out, source: 'usage', how: fan.use.text, line: fan.use.line };
    s.bias = readable.find((r) => r.u.bias !== undefined)?.u.bias ?? null;
    const withData = readable.find((r) => r.data !== undefined);
    if (withData) {
      try { s.activation = activation(withData.u, withData.data!, w); } catch { /* shapes disagree: no activation line */ }
    }
  } else if (w.ndim === 2) {
    // No use found: PyTorch's own convention for a 2-D weight, (out, in).
    s.fan = { fan_in: w.shape[1], fan_out: w.shape[0], source: 'assumed', how: 'no matmul use found; PyTorch convention (out, in) assumed' };
  }
  if (s.fan) s.schemes = compareSchemes(s.std, s.fan.fan_in, s.fan.fan_out);
}

/** For `model(x)` in the source with model an nn.Sequential: each Linear's pre-activation std on x, layer by layer. */
function annotateModuleActivations(interp: Interpreter, torch: TorchEnvironment, name: string, m: PyInstance, calls: ModuleCall[],
  result: InitStats): void {
  if (m.cls.name !== 'Sequential') return;
  const call = calls.find((c) => c.callee === name);
  if (!call) return;
  const input = tryEvaluate(interp, call.data);
  if (!(input instanceof Tensor)) return;
  const mods = m.dict.get('_modules');
  if (!(mods instanceof PyDict)) return;
  const line = call.line;
  let cur: Tensor = input;
  let dataText = call.data;
  try {
    noGrad(() => {
      for (const [k, child] of mods.entries()) {
        const out = interp.callFunction(child, [cur]);
        if (!(out instanceof Tensor)) return;
        const childName = `${name}.${String(k)}`;
        const w = result.tensors.find((t) => t.name === `${childName}.weight`);
        if (w && child instanceof PyInstance && child.cls.name === 'Linear') {
          const prod = out.value.dataSync();
          w.activation = { data: dataText, data_std: moments(cur.value.dataSync()).std, pre_std: moments(prod).std,
            relu_std: moments(Float32Array.from(prod, (v) => (v > 0 ? v : 0))).std, line };
          const b = torch.namedParameters(child).some(([pn]) => pn === 'bias');
          w.bias = b ? `${childName}.bias` : null;
        }
        cur = out;
        dataText = `${childName}(…)`;
      }
    });
  } catch { /* a layer that needs other inputs: stop describing */ }
}
