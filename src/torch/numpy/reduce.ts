// Reductions with NumPy's arithmetic: sums are pairwise over a contiguous run (NumPy's pairwise_sum, blocks of
// 8 accumulators up to 128 elements) and sequential across rows, accumulated in the array's float dtype; mean,
// var and std are built from those sums the way NumPy's _methods.py builds them.
import { PyError, PyTuple, type PyValue } from '../../python/host';
import { castValue, isFloat, type NpDtype } from './dtype';
import { NdArray, sizeOf } from './ndarray';

type Round = (v: number) => number;

function pairwise(d: Float64Array, lo: number, n: number, step: number, r: Round): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s = r(s + d[lo + i * step]);
    return s;
  }
  if (n <= 128) {
    const acc = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => d[lo + j * step]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] = r(acc[j] + d[lo + (i + j) * step]);
    let s = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
    for (; i < n; i++) s = r(s + d[lo + i * step]);
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwise(d, lo, n2, step, r) + pairwise(d, lo + n2 * step, n - n2, step, r));
}

export function normAxis(axis: PyValue, ndim: number): number | undefined {
  if (axis === null || axis === undefined) return undefined;
  if (axis instanceof PyTuple) throw new PyError('NotSupported', 'a reduction over a tuple of axes (reduce one axis at a time)');
  const a = Number(axis);
  const r = a < 0 ? a + ndim : a;
  if (r < 0 || r >= Math.max(ndim, 1)) throw new PyError('AxisError', `axis ${a} is out of bounds for array of dimension ${ndim}`);
  return r;
}

/** Applies `lane` to every 1-d lane along `axis` (or the whole array), giving the reduced shape. */
function lanes(a: NdArray, axis: number | undefined, keepdims: boolean, lane: (lo: number, n: number, step: number) => number, dt: NpDtype): NdArray {
  if (axis === undefined) {
    const v = castValue(lane(0, a.size, 1), dt);
    return new NdArray(Float64Array.of(v), keepdims ? a.shape.map(() => 1) : [], dt);
  }
  const n = a.shape[axis], inner = sizeOf(a.shape.slice(axis + 1)), outer = sizeOf(a.shape.slice(0, axis));
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out[o * inner + i] = castValue(lane(o * n * inner + i, n, inner), dt);
  const shape = a.shape.slice();
  if (keepdims) shape[axis] = 1; else shape.splice(axis, 1);
  return new NdArray(out, shape, dt);
}


export function sum(a: NdArray, axis: number | undefined, keepdims = false): NdArray {
  const dt = isFloat(a.dtype) ? a.dtype : 'int64';
  const r: Round = dt === 'float32' ? Math.fround : (v) => v;
  const contiguous = axis === undefined || axis === a.shape.length - 1;
  return lanes(a, axis, keepdims, (lo, n, step) => {
    if (contiguous && isFloat(dt)) return pairwise(a.data, lo, n, step, r);
    let s = 0;
    for (let i = 0; i < n; i++) s = r(s + a.data[lo + i * step]);
    return s;
  }, dt);
}

export function mean(a: NdArray, axis: number | undefined, keepdims = false): NdArray {
  const n = axis === undefined ? a.size : a.shape[axis];
  const s = sum(isFloat(a.dtype) ? a : NdArray.of(a.data, a.shape.slice(), 'float64'), axis, keepdims);
  const dt = isFloat(a.dtype) ? a.dtype : 'float64';
  for (let i = 0; i < s.size; i++) s.data[i] = castValue(s.data[i] / n, dt);
  return s;
}

export function variance(a: NdArray, axis: number | undefined, keepdims: boolean, ddof: number, sqrt: boolean): NdArray {
  const dt = isFloat(a.dtype) ? a.dtype : 'float64';
  const x = isFloat(a.dtype) ? a : NdArray.of(a.data, a.shape.slice(), 'float64');
  const m = mean(x, axis, true);
  const n = axis === undefined ? a.size : a.shape[axis];
  // x - mean, squared, summed: NumPy's _var
  const dev = new Float64Array(x.size);
  const inner = axis === undefined ? 0 : sizeOf(x.shape.slice(axis + 1));
  for (let k = 0; k < x.size; k++) {
    let mi = 0;
    if (axis !== undefined) { const outer = Math.floor(k / (inner * x.shape[axis])); mi = outer * inner + (k % inner); }
    const d = castValue(x.data[k] - m.data[mi], dt);
    dev[k] = castValue(d * d, dt);
  }
  const s = sum(new NdArray(dev, x.shape.slice(), dt), axis, keepdims);
  for (let i = 0; i < s.size; i++) {
    const v = castValue(s.data[i] / Math.max(n - ddof, 0), dt);
    s.data[i] = sqrt ? castValue(Math.sqrt(v), dt) : v;
  }
  return s;
}

export function extreme(a: NdArray, axis: number | undefined, keepdims: boolean, which: 'max' | 'min' | 'argmax' | 'argmin'): NdArray {
  if (a.size === 0) throw new PyError('ValueError', `zero-size array to reduction operation ${which.replace('arg', '')}imum which has no identity`.replace('maximum', 'maximum').replace('minmum', 'minimum'));
  const isMax = which === 'max' || which === 'argmax';
  const arg = which.startsWith('arg');
  return lanes(a, axis, keepdims && !arg ? true : keepdims, (lo, n, step) => {
    let best = a.data[lo], bi = 0;
    for (let i = 1; i < n; i++) {
      const v = a.data[lo + i * step];
      if (Number.isNaN(best)) break;
      if (Number.isNaN(v) || (isMax ? v > best : v < best)) { best = v; bi = i; }
    }
    return arg ? bi : best;
  }, arg ? 'int64' : a.dtype);
}

export function prod(a: NdArray, axis: number | undefined, keepdims = false): NdArray {
  const dt = isFloat(a.dtype) ? a.dtype : 'int64';
  return lanes(a, axis, keepdims, (lo, n, step) => { let p = 1; for (let i = 0; i < n; i++) p = castValue(p * a.data[lo + i * step], dt); return p; }, dt);
}

export function anyAll(a: NdArray, axis: number | undefined, keepdims: boolean, all: boolean): NdArray {
  return lanes(a, axis, keepdims, (lo, n, step) => {
    for (let i = 0; i < n; i++) { const nz = a.data[lo + i * step] !== 0; if (all ? !nz : nz) return all ? 0 : 1; }
    return all ? 1 : 0;
  }, 'bool');
}

export function cumsum(a: NdArray, axis: number | undefined): NdArray {
  const dt = isFloat(a.dtype) ? a.dtype : 'int64';
  if (axis === undefined) {
    const out = new Float64Array(a.size);
    let s = 0;
    for (let i = 0; i < a.size; i++) { s = castValue(s + a.data[i], dt); out[i] = s; }
    return new NdArray(out, [a.size], dt);
  }
  const n = a.shape[axis], inner = sizeOf(a.shape.slice(axis + 1)), outer = sizeOf(a.shape.slice(0, axis));
  const out = new Float64Array(a.size);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) { const off = (o * n + k) * inner + i; s = castValue(s + a.data[off], dt); out[off] = s; }
  }
  return new NdArray(out, a.shape.slice(), dt);
}
