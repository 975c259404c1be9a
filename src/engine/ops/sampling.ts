// torch.multinomial as PyTorch 1.13's CPU code draws it, so the indices equal PyTorch's for the same seed:
// - without replacement: q ~ Exp(1) per category (exponential_: −log(1 − u) from a 53-bit u, in
//   double, stored as float32), then the top n_sample of p / q (float32 division);
// - with replacement: a float32 running sum normalised by its total, the last bucket forced to 1, then per
//   sample one 53-bit uniform and a binary search for the first bucket ≥ u.
// A float64 input keeps every intermediate (q, p / q, the running sum) in double, as PyTorch's double kernels do.
import * as tf from '@tensorflow/tfjs-core';
import { EngineError, Tensor } from '../tensor';
import { Generator, defaultGenerator } from '../rng';

/** The rounding and storage of the input's dtype. */
interface Prec { round: (x: number) => number; Arr: Float32ArrayConstructor | Float64ArrayConstructor }
const F32: Prec = { round: Math.fround, Arr: Float32Array };
const F64: Prec = { round: (x) => x, Arr: Float64Array };

export function multinomial(probs: Tensor, numSamples: number, replacement = false, gen: Generator = defaultGenerator): Tensor {
  if (probs.dtype !== 'float32' && probs.dtype !== 'float64') {
    throw new EngineError('RuntimeError', `multinomial only supports floating-point dtypes for input, got: ${probs.dtype === 'int64' ? 'Long' : 'Bool'}`);
  }
  if (probs.ndim !== 1 && probs.ndim !== 2) throw new EngineError('RuntimeError', 'prob_dist must be 1 or 2 dim');
  const nCat = probs.shape[probs.ndim - 1];
  const nDist = probs.ndim === 2 ? probs.shape[0] : 1;
  if (nCat > 1 << 24) throw new EngineError('RuntimeError', 'number of categories cannot exceed 2^24');
  if (numSamples <= 0) throw new EngineError('RuntimeError', 'cannot sample n_sample <= 0 samples');
  if (!replacement && numSamples > nCat) {
    throw new EngineError('RuntimeError', 'cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  const p = probs.toArray();
  const out = new Float32Array(nDist * numSamples);
  const prec = probs.dtype === 'float64' ? F64 : F32;
  if (!replacement) gumbelTopK(p, nDist, nCat, numSamples, out, gen, prec);
  else withReplacement(p, nDist, nCat, numSamples, out, gen, prec);
  const shape = probs.ndim === 2 ? [nDist, numSamples] : [numSamples];
  return new Tensor(tf.tensor(out, shape, 'float32'), 'int64');
}

function gumbelTopK(p: ArrayLike<number>, nDist: number, nCat: number, k: number, out: Float32Array, gen: Generator, prec: Prec): void {
  let bad = false;
  for (let i = 0; i < p.length; i++) if (!(p[i] >= 0) || p[i] === Infinity) bad = true;
  if (bad) throw new EngineError('RuntimeError', 'probability tensor contains either `inf`, `nan` or element < 0');
  for (let d = 0; d < nDist; d++) {
    let s = 0;
    for (let j = 0; j < nCat; j++) s += p[d * nCat + j];
    if (s === 0) throw new EngineError('RuntimeError', 'invalid multinomial distribution (sum of probabilities <= 0)');
  }
  // exponential_ fills the whole tensor (row-major) before any division.
  const q = new prec.Arr(p.length);
  for (let i = 0; i < q.length; i++) q[i] = -Math.log(1 - gen.uniformDouble());
  for (let d = 0; d < nDist; d++) {
    const idx = Array.from({ length: nCat }, (_, j) => j);
    const r = idx.map((j) => prec.round(p[d * nCat + j] / q[d * nCat + j]));
    // Largest first; ties keep the lower index (argmax's first maximum).
    idx.sort((a, b) => (r[b] - r[a]) || (a - b));
    for (let s = 0; s < k; s++) out[d * k + s] = idx[s];
  }
}

function withReplacement(p: ArrayLike<number>, nDist: number, nCat: number, k: number, out: Float32Array, gen: Generator, prec: Prec): void {
  const cum = new prec.Arr(nCat);
  for (let d = 0; d < nDist; d++) {
    let sum = 0;
    for (let j = 0; j < nCat; j++) {
      const v = p[d * nCat + j];
      if (!(v >= 0)) throw new EngineError('RuntimeError', 'invalid multinomial distribution (encountering probability entry < 0)');
      if (v === Infinity) throw new EngineError('RuntimeError', 'invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      sum = prec.round(sum + v);
      cum[j] = sum;
    }
    if (!(sum > 0)) throw new EngineError('RuntimeError', 'invalid multinomial distribution (sum of probabilities <= 0)');
    for (let j = 0; j < nCat; j++) cum[j] = prec.round(cum[j] / sum);
    cum[nCat - 1] = 1;
    for (let s = 0; s < k; s++) {
      const u = gen.uniformDouble();
      let lo = 0, hi = nCat;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cum[mid] < u) lo = mid + 1; else hi = mid;
      }
      out[d * k + s] = lo;
    }
  }
}
