// Double backward of relu, clamp and hardtanh. Their first-order gradient is a select, where(mask, g, +0), so as a
// recorded op (create_graph=True) it is a select again: its gradient for g is the same select of the incoming
// gradient (+0 where masked, whatever the sign, infinity or NaN there), as PyTorch's ThresholdBackwardBackward0,
// WhereBackward0 and HardtanhBackwardBackward0 give. PyTorch's threshold_backward and hardtanh_backward also send
// zeros to the tensor the mask is taken from (relu's result, hardtanh's input), so that tensor is an input here with
// a zero gradient; clamp's mask is a constant (its where() has no path to x).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, type Node, type OpDef } from '../autograd';
import { Tensor } from '../tensor';
import { constT } from './gradT';
import { clampGradHost, clampGradKernels, reluGradHost, reluGradKernels } from './activationGrad';
import { scalarTf } from './util';

/** The select of each op on tf tensors: g where the mask of s holds, +0 elsewhere. */
type Select<P> = (g: tf.Tensor, s: tf.Tensor, p: P) => tf.Tensor;

export const reluSelect: Select<unknown> = (g, out) => reluGradHost(g, out) ?? reluGradKernels(g, out);
export interface Bounds { min: number | null; max: number | null }
export const clampSelect: Select<Bounds> = (g, x, b) => clampGradHost(g, x, b.min, b.max) ?? clampGradKernels(g, x, b.min, b.max);
/** hardtanh_backward: +0 where x <= lo or x >= hi, g elsewhere (a NaN x passes g). */
export const hardtanhSelect: Select<{ lo: number; hi: number }> = (g, x, p) => tf.tidy(() =>
  tf.where(tf.logicalOr(tf.lessEqual(x, scalarTf(p.lo)), tf.greaterEqual(x, scalarTf(p.hi))), tf.zerosLike(g), g));

/** The recorded select: inputs [g, s]; `zerosToS` says whether s gets a (zero) gradient. */
function selectOp<P>(name: string, sel: Select<P>, zerosToS: boolean): OpDef<P> {
  const op: OpDef<P> = defineOp<P>({
    name,
    forward: (c, [g, s], p) => { if (c.recording) c.save(s); return sel(g, s, p); },
    backward: (n, u) => [n.needs[0] ? sel(u, n.saved[0], n.p) : null, n.needs[1] && zerosToS ? tf.zerosLike(u) : null],
    backwardT: (n, u) => [n.needs[0] ? apply(op, [u, n.input(1)], n.p) : null,
      n.needs[1] && zerosToS ? constT(() => tf.zerosLike(u.value)) : null],
  });
  return op;
}

const ReluGrad = selectOp<unknown>('ThresholdBackwardBackward0', reluSelect, true);
const ClampGrad = selectOp<Bounds>('WhereBackward0', clampSelect, false);
const HardtanhGrad = selectOp<{ lo: number; hi: number }>('HardtanhBackwardBackward0', hardtanhSelect, true);

/** relu's backwardT: the mask from its result. */
export function reluBackwardT(g: Tensor, out: Tensor): Tensor { return apply(ReluGrad, [g, out], undefined); }

/**
 * clamp's backwardT: g itself without bounds; else the select with x as a constant: the saved tf tensor, which an
 * in-place clamp_ leaves holding x (the engine tensor then holds the result, inside the bounds everywhere).
 */
export function clampBackwardT(n: Node<Bounds>, g: Tensor): Tensor {
  if (n.p.min === null && n.p.max === null) return g;
  const x = n.saved[0];
  return apply(ClampGrad, [g, constT(() => tf.clone(x))], n.p);
}

/** hardtanh's backwardT: the mask from its input. */
export function hardtanhBackwardT(n: Node<{ lo: number; hi: number }>, g: Tensor): Tensor {
  return apply(HardtanhGrad, [g, n.input(0)], n.p);
}
