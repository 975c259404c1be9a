// Indexing numpy arrays: ints, slices, None/np.newaxis, `...`, one integer array/list per key, and boolean masks
// over the leading axes (a[a < 0] = 0). Reads copy; writes go into the array, broadcasting the value.
import { Ellipsis, PyError, PyList, PySlice, PyTuple, type PyValue } from '../../python/host';
import { broadcastTo, NdArray, sizeOf } from './ndarray';
import { castValue } from './dtype';

type Axis = { kind: 'int'; i: number } | { kind: 'take'; idx: number[] } | { kind: 'new' };
export type Plan = { kind: 'axes'; axes: Axis[] } | { kind: 'mask'; k: number; rows: number[] };

function sliceIndices(s: PySlice, n: number): number[] {
  const step = s.step === null || s.step === undefined ? 1 : Number(s.step);
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const norm = (v: PyValue, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    let x = Number(v);
    if (x < 0) x += n;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const a = norm(s.start, 0, 0, n), b = norm(s.stop, n, 0, n);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = norm(s.start, n - 1, -1, n - 1), b = norm(s.stop, -1, -1, n - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}

function intIndex(v: number, n: number, axis: number): number {
  const i = v < 0 ? v + n : v;
  if (i < 0 || i >= n) throw new PyError('IndexError', `index ${v} is out of bounds for axis ${axis} with size ${n}`);
  return i;
}

const isInt = (v: PyValue) => typeof v === 'bigint' || (typeof v === 'object' && v !== null && v instanceof NdArray && v.shape.length === 0 && v.dtype !== 'bool' && !['float64', 'float32'].includes(v.dtype));

export function readIndex(a: NdArray, key: PyValue): Plan {
  if (key instanceof NdArray && key.dtype === 'bool') {
    const k = key.shape.length;
    if (k > a.shape.length || key.shape.some((d, i) => d !== a.shape[i])) {
      throw new PyError('IndexError', `boolean index did not match indexed array along dimension 0; dimension is ${a.shape[0]} but corresponding boolean dimension is ${key.shape[0]}`);
    }
    const rows: number[] = [];
    key.data.forEach((v, i) => { if (v) rows.push(i); });
    return { kind: 'mask', k, rows };
  }
  const items = key instanceof PyTuple ? [...key.items] : [key];
  const consumed = items.filter((it) => it !== null && it !== Ellipsis).length;
  if (consumed > a.shape.length) throw new PyError('IndexError', `too many indices for array: array is ${a.shape.length}-dimensional, but ${consumed} were indexed`);
  const axes: Axis[] = [];
  let d = 0;
  for (const it of items) {
    if (it === null) { axes.push({ kind: 'new' }); continue; }
    if (it === Ellipsis) {
      for (let r = a.shape.length - consumed; r > 0; r--) axes.push({ kind: 'take', idx: [...Array(a.shape[d++]).keys()] });
      continue;
    }
    const n = a.shape[d];
    if (isInt(it)) axes.push({ kind: 'int', i: intIndex(Number(it instanceof NdArray ? it.data[0] : it), n, d) });
    else if (typeof it === 'boolean') throw new PyError('NotSupported', 'numpy indexing with a Python bool');
    else if (it instanceof PySlice) axes.push({ kind: 'take', idx: sliceIndices(it, n) });
    else if (it instanceof NdArray && it.shape.length === 1 && it.dtype !== 'bool') axes.push({ kind: 'take', idx: Array.from(it.data, (v) => intIndex(v, n, d)) });
    else if (it instanceof PyList && it.items.every((x) => typeof x === 'bigint')) axes.push({ kind: 'take', idx: it.items.map((v) => intIndex(Number(v), n, d)) });
    else if (typeof it === 'number') throw new PyError('IndexError', 'only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices');
    else throw new PyError('NotSupported', 'this numpy index (Loss Lens indexes numpy arrays with ints, slices, None, ..., one 1-d index array, or a boolean mask)');
    d++;
  }
  for (; d < a.shape.length; d++) axes.push({ kind: 'take', idx: [...Array(a.shape[d]).keys()] });
  return { kind: 'axes', axes };
}

/** Flat source offsets of the selection, and its shape. */
function selection(a: NdArray, plan: Plan): { offsets: number[]; shape: number[] } {
  if (plan.kind === 'mask') {
    const inner = sizeOf(a.shape.slice(plan.k));
    const offsets: number[] = [];
    for (const r of plan.rows) for (let j = 0; j < inner; j++) offsets.push(r * inner + j);
    return { offsets, shape: [plan.rows.length, ...a.shape.slice(plan.k)] };
  }
  const strides = a.shape.map((_, i) => sizeOf(a.shape.slice(i + 1)));
  const src: { idx: number[]; stride: number }[] = [];
  const shape: number[] = [];
  let d = 0, base = 0;
  for (const ax of plan.axes) {
    if (ax.kind === 'new') { shape.push(1); continue; }
    if (ax.kind === 'int') base += ax.i * strides[d];
    else { src.push({ idx: ax.idx, stride: strides[d] }); shape.push(ax.idx.length); }
    d++;
  }
  const offsets: number[] = [];
  const rec = (k: number, off: number) => {
    if (k === src.length) { offsets.push(off); return; }
    for (const i of src[k].idx) rec(k + 1, off + i * src[k].stride);
  };
  rec(0, base);
  return { offsets, shape };
}

export function gather(a: NdArray, plan: Plan): NdArray {
  const { offsets, shape } = selection(a, plan);
  const out = new Float64Array(offsets.length);
  offsets.forEach((o, i) => { out[i] = a.data[o]; });
  return new NdArray(out, shape, a.dtype);
}

export function scatter(a: NdArray, plan: Plan, value: NdArray): void {
  const { offsets, shape } = selection(a, plan);
  let v = value;
  if (v.shape.length > shape.length) {
    // a leading run of 1s may be dropped (a[0] = b[None])
    const extra = v.shape.slice(0, v.shape.length - shape.length);
    if (extra.every((x) => x === 1)) v = new NdArray(v.data, v.shape.slice(extra.length), v.dtype);
  }
  if (plan.kind === 'mask' && v.size === offsets.length && v.shape.length === 1) v = new NdArray(v.data, shape, v.dtype);
  if (!broadcastsTo(v.shape, shape)) {
    throw new PyError('ValueError', `could not broadcast input array from shape (${v.shape.join(',')}${v.shape.length === 1 ? ',' : ''}) into shape (${shape.join(',')}${shape.length === 1 ? ',' : ''})`);
  }
  const b = broadcastTo(v, shape);
  offsets.forEach((o, i) => { a.data[o] = castValue(b.data[i], a.dtype); });
}

function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  for (let i = 1; i <= from.length; i++) {
    const f = from[from.length - i], t = to[to.length - i];
    if (f !== t && f !== 1) return false;
  }
  return true;
}
