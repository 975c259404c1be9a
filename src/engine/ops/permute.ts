// tf.transpose with adjacent axes that stay adjacent merged first: the same data movement on fewer axes. The wasm
// backend's Transpose has fast paths up to rank 4 and a generic one beyond that is ~13× slower (measured on
// [9, 32, 8, 28, 28], conv's window stack), and conv's 5-D permutations all collapse to rank 2–4.
import * as tf from '@tensorflow/tfjs-core';

/** tf.transpose(x, perm), on merged axes: bit for bit the same result. */
export function transpose(x: tf.Tensor, perm: readonly number[]): tf.Tensor {
  const shape = x.shape;
  // Runs of output axes whose input axes are consecutive: each run is one axis of the merged problem.
  const runs: number[][] = [];
  for (const a of perm) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] + 1 === a) last.push(a); else runs.push([a]);
  }
  if (runs.length === perm.length) return tf.transpose(x, perm as number[]);
  // The merged input shape lists the runs in input order; the merged perm says where each run goes.
  const byStart = [...runs].sort((a, b) => a[0] - b[0]);
  const mergedShape = byStart.map((r) => r.reduce((n, a) => n * shape[a], 1));
  const mergedPerm = runs.map((r) => byStart.indexOf(r));
  const outShape = perm.map((a) => shape[a]);
  if (mergedPerm.every((p, i) => p === i)) return tf.reshape(x, outShape);
  return tf.reshape(tf.transpose(tf.reshape(x, mergedShape), mergedPerm), outShape);
}
