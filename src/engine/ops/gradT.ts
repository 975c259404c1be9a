// Helpers for the engine-op backward formulas (`backwardT`, run when backward has create_graph=True): the
// broadcast reduction and mask constants written so the result is recorded like any other op.
import * as tf from '@tensorflow/tfjs-core';
import { sameShape } from '../autograd';
import { Tensor } from '../tensor';
import { sum } from './reduce';
import { reshape } from './shape';

/** Sums a broadcast gradient back to `shape` (recorded when g has history). */
export function sumToT(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reshape(axes.length ? sum(g, axes, true) : g, shape);
}

/** A constant (no history) built from tf values: masks and weights whose own derivative is zero. */
export function constT(f: () => tf.Tensor): Tensor { return new Tensor(tf.tidy(f)); }
