// log_softmax's backward over the last dim, g − exp(out)·Σg, as one host pass on the wasm backend: exp stays a wasm
// kernel (a host exp differs from wasm's expf in the last bit for ~0.06% of inputs), the row sums and the
// arithmetic are float32 on the host. Bit for bit what the sum, mul and sub kernels give: wasm sums a row from
// left to right in float32 (checked against its Sum kernel), and a double product, difference or quotient of
// float32 values rounds to the float32 result.
import * as tf from '@tensorflow/tfjs-core';
import { hostFilled, hostView } from './hostBuf';

/** g − exp(out)·sum(g, dim, keepdim) for dim = the last axis, or null where the host pass does not apply. */
export function logSoftmaxGradLast(g: tf.Tensor, out: tf.Tensor, dim: number): tf.Tensor | null {
  if (tf.getBackend() !== 'wasm' || dim !== out.rank - 1 || g.dtype !== 'float32' || g.size !== out.size) return null;
  const c = out.shape[dim];
  if (c === 0) return null;
  const e = tf.exp(out);
  // Written into the result's memory; the views are taken after its allocation (which may move wasm memory).
  const res = hostFilled(out.shape.slice(), (r) => {
    const ev = hostView(e), gv = hostView(g);
    for (let o = 0; o < gv.length; o += c) {
      let s = 0;
      for (let j = 0; j < c; j++) s = Math.fround(s + gv[o + j]);
      for (let j = 0; j < c; j++) r[o + j] = gv[o + j] - Math.fround(ev[o + j] * s);
    }
  });
  e.dispose();
  return res;
}
