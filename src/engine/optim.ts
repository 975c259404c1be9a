// Optimizer update maths following PyTorch 1.13's single-tensor paths (torch/optim/{sgd,adam,adamw,rmsprop,
// adagrad}.py), op for op in float32 so trajectories track PyTorch's. Updates replace the parameter's value in
// place (version bump, no autograd), as PyTorch's optimizers do under no_grad.
import * as tf from '@tensorflow/tfjs-core';
import { replaceValue } from './autograd';
import { track } from './memory';
import { Tensor } from './tensor';
import { zero_ } from './ops/inplace';

type State = Record<string, tf.Tensor | number>;

export interface SGDOptions { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }
export interface AdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }
export interface RMSpropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean }
export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number; maximize: boolean }

export const SGD_DEFAULTS: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
export const ADAM_DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };
export const ADAMW_DEFAULTS: AdamOptions = { ...ADAM_DEFAULTS, weightDecay: 1e-2 };
export const RMSPROP_DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };
export const ADAGRAD_DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

export type OptimKind = 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';
export interface ParamGroup<O> { params: Tensor[]; options: O }

const f32 = Math.fround;
/** Keeps a state tensor (reachable from the optimizer, so sweep keeps it while the optimizer lives). */
const keep = (t: tf.Tensor): tf.Tensor => track(tf.keep(t));
function setState(s: State, k: string, v: tf.Tensor): void {
  const old = s[k];
  s[k] = keep(v);
  if (old instanceof tf.Tensor && old !== v) old.dispose();
}

/** One optimizer: param groups (options mutable, e.g. lr schedules) and per-parameter state. */
export class Optimizer<O extends object> {
  readonly state = new Map<Tensor, State>();
  constructor(readonly kind: OptimKind, public paramGroups: ParamGroup<O>[]) {}

  /** optimizer.step(): parameters whose .grad is None are skipped. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        let s = this.state.get(p);
        if (!s) { s = {}; this.state.set(p, s); }
        const upd = STEPS[this.kind] as (p: tf.Tensor, g: tf.Tensor, s: State, o: O) => tf.Tensor;
        const next = tf.tidy(() => upd(p.value, p.grad!.value, s!, group.options));
        replaceValue(p.storage, next);
      }
    }
  }

  /** optimizer.zero_grad(set_to_none): PyTorch 1.13's default is False (zero in place). */
  zeroGrad(setToNone = false): void {
    for (const g of this.paramGroups) for (const p of g.params) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null; else zero_(p.grad);
    }
  }
}

// Each step function returns the new parameter value (inside a tidy) and updates state via setState (kept).
const STEPS: Record<OptimKind, (p: tf.Tensor, g: tf.Tensor, s: State, o: never) => tf.Tensor> = {
  sgd: (p, g0, s, o: SGDOptions) => {
    let d = o.maximize ? tf.neg(g0) : g0;
    if (o.weightDecay !== 0) d = tf.add(d, tf.mul(p, f32(o.weightDecay)));
    if (o.momentum !== 0) {
      const buf = s.momentum_buffer as tf.Tensor | undefined;
      const nb = buf ? tf.add(tf.mul(buf, f32(o.momentum)), tf.mul(d, f32(1 - o.dampening))) : tf.clone(d);
      setState(s, 'momentum_buffer', nb);
      d = o.nesterov ? tf.add(d, tf.mul(nb, f32(o.momentum))) : nb;
    }
    return tf.add(p, tf.mul(d, f32(-o.lr)));
  },
  adam: (p, g, s, o: AdamOptions) => adamStep(p, g, s, o, false),
  adamw: (p, g, s, o: AdamOptions) => adamStep(p, g, s, o, true),
  rmsprop: (p, g0, s, o: RMSpropOptions) => {
    let g = o.maximize ? tf.neg(g0) : g0;
    s.step = ((s.step as number) ?? 0) + 1;
    if (o.weightDecay !== 0) g = tf.add(g, tf.mul(p, f32(o.weightDecay)));
    const sq0 = (s.square_avg as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const sq = tf.add(tf.mul(sq0, f32(o.alpha)), tf.mul(tf.mul(g, f32(1 - o.alpha)), g));
    setState(s, 'square_avg', sq);
    let avg: tf.Tensor;
    if (o.centered) {
      const ga0 = (s.grad_avg as tf.Tensor | undefined) ?? tf.zerosLike(p);
      const ga = tf.add(tf.mul(ga0, f32(o.alpha)), tf.mul(g, f32(1 - o.alpha)));
      setState(s, 'grad_avg', ga);
      avg = tf.sqrt(tf.sub(sq, tf.mul(ga, ga)));
    } else avg = tf.sqrt(sq);
    avg = tf.add(avg, f32(o.eps));
    if (o.momentum > 0) {
      const b0 = (s.momentum_buffer as tf.Tensor | undefined) ?? tf.zerosLike(p);
      const b = tf.add(tf.mul(b0, f32(o.momentum)), tf.div(g, avg));
      setState(s, 'momentum_buffer', b);
      return tf.add(p, tf.mul(b, f32(-o.lr)));
    }
    return tf.add(p, tf.div(tf.mul(g, f32(-o.lr)), avg));
  },
  adagrad: (p, g0, s, o: AdagradOptions) => {
    let g = o.maximize ? tf.neg(g0) : g0;
    s.step = ((s.step as number) ?? 0) + 1;
    if (o.weightDecay !== 0) g = tf.add(g, tf.mul(p, f32(o.weightDecay)));
    const clr = o.lr / (1 + ((s.step as number) - 1) * o.lrDecay);
    const sum0 = (s.sum as tf.Tensor | undefined) ?? tf.fill(p.shape, o.initialAccumulatorValue, 'float32');
    const sum = tf.add(sum0, tf.mul(g, g));
    setState(s, 'sum', sum);
    const std = tf.add(tf.sqrt(sum), f32(o.eps));
    return tf.add(p, tf.div(tf.mul(g, f32(-clr)), std));
  },
};

function adamStep(p0: tf.Tensor, g0: tf.Tensor, s: State, o: AdamOptions, decoupled: boolean): tf.Tensor {
  const [b1, b2] = o.betas;
  let g = o.maximize ? tf.neg(g0) : g0;
  let p = p0;
  s.step = ((s.step as number) ?? 0) + 1;
  const step = s.step as number;
  if (decoupled) p = tf.mul(p, f32(1 - o.lr * o.weightDecay));
  else if (o.weightDecay !== 0) g = tf.add(g, tf.mul(p, f32(o.weightDecay)));
  const m0 = (s.exp_avg as tf.Tensor | undefined) ?? tf.zerosLike(p0);
  const v0 = (s.exp_avg_sq as tf.Tensor | undefined) ?? tf.zerosLike(p0);
  const m = tf.add(tf.mul(m0, f32(b1)), tf.mul(g, f32(1 - b1)));
  const v = tf.add(tf.mul(v0, f32(b2)), tf.mul(tf.mul(g, f32(1 - b2)), g));
  setState(s, 'exp_avg', m);
  setState(s, 'exp_avg_sq', v);
  const bc1 = 1 - b1 ** step;
  const bc2 = 1 - b2 ** step;
  const stepSize = o.lr / bc1;
  let vv = v;
  if (o.amsgrad) {
    const mx0 = s.max_exp_avg_sq as tf.Tensor | undefined;
    vv = mx0 ? tf.maximum(mx0, v) : tf.clone(v);
    setState(s, 'max_exp_avg_sq', vv);
  }
  const denom = tf.add(tf.div(tf.sqrt(vv), f32(Math.sqrt(bc2))), f32(o.eps));
  return tf.add(p, tf.div(tf.mul(m, f32(-stepSize)), denom));
}

function group<O>(params: Tensor[] | ParamGroup<Partial<O>>[], defaults: O): ParamGroup<O>[] {
  if (params.length > 0 && !(params[0] instanceof Tensor)) {
    return (params as ParamGroup<Partial<O>>[]).map((g) => ({ params: g.params, options: { ...defaults, ...g.options } }));
  }
  return [{ params: params as Tensor[], options: { ...defaults } }];
}

export const sgd = (params: Tensor[] | ParamGroup<Partial<SGDOptions>>[], o: Partial<SGDOptions> = {}): Optimizer<SGDOptions> =>
  new Optimizer('sgd', group(params, { ...SGD_DEFAULTS, ...o }));
export const adam = (params: Tensor[] | ParamGroup<Partial<AdamOptions>>[], o: Partial<AdamOptions> = {}): Optimizer<AdamOptions> =>
  new Optimizer('adam', group(params, { ...ADAM_DEFAULTS, ...o }));
export const adamw = (params: Tensor[] | ParamGroup<Partial<AdamOptions>>[], o: Partial<AdamOptions> = {}): Optimizer<AdamOptions> =>
  new Optimizer('adamw', group(params, { ...ADAMW_DEFAULTS, ...o }));
export const rmsprop = (params: Tensor[] | ParamGroup<Partial<RMSpropOptions>>[], o: Partial<RMSpropOptions> = {}): Optimizer<RMSpropOptions> =>
  new Optimizer('rmsprop', group(params, { ...RMSPROP_DEFAULTS, ...o }));
export const adagrad = (params: Tensor[] | ParamGroup<Partial<AdagradOptions>>[], o: Partial<AdagradOptions> = {}): Optimizer<AdagradOptions> =>
  new Optimizer('adagrad', group(params, { ...ADAGRAD_DEFAULTS, ...o }));
