// ndarray methods (a.sum(axis=0), a.reshape(-1, 1), a.astype(np.float32), …): one table, shared with the
// np.<name>(a, …) functions in module.ts.
import { HostFunction, PyError, PyList, PyTuple, type PyValue } from '../../python/host';
import { castValue, dtypeOf, isFloat, type NpDtype } from './dtype';
import { map, matmul, NdArray, reshapeDims, swapaxes, toArray, transpose } from './ndarray';
import { anyAll, cumsum, extreme, mean, normAxis, prod, sum, variance } from './reduce';

type Kw = Map<string, PyValue>;
const arg = (a: PyValue[], k: Kw, i: number, name: string): PyValue => (a[i] !== undefined ? a[i] : k.get(name));
const bool = (v: PyValue) => v === true || (typeof v === 'bigint' && v !== 0n);

function reduction(f: (x: NdArray, axis: number | undefined, keep: boolean, a: PyValue[], k: Kw) => NdArray) {
  return (x: NdArray, a: PyValue[], k: Kw): PyValue => {
    const axis = normAxis(arg(a, k, 0, 'axis'), x.shape.length);
    let r = f(x, axis, bool(k.get('keepdims') ?? false), a, k);
    const dt = k.get('dtype');
    if (dt !== undefined && dt !== null) r = NdArray.of(r.data, r.shape, dtypeOf(dt));
    return r.wrap();
  };
}

export const METHODS: Record<string, (x: NdArray, a: PyValue[], k: Kw) => PyValue> = {
  sum: reduction((x, ax, keep) => sum(x, ax, keep)),
  mean: reduction((x, ax, keep) => mean(x, ax, keep)),
  std: reduction((x, ax, keep, _a, k) => variance(x, ax, keep, Number(k.get('ddof') ?? 0), true)),
  var: reduction((x, ax, keep, _a, k) => variance(x, ax, keep, Number(k.get('ddof') ?? 0), false)),
  max: reduction((x, ax, keep) => extreme(x, ax, keep, 'max')),
  min: reduction((x, ax, keep) => extreme(x, ax, keep, 'min')),
  argmax: reduction((x, ax, keep) => extreme(x, ax, keep, 'argmax')),
  argmin: reduction((x, ax, keep) => extreme(x, ax, keep, 'argmin')),
  prod: reduction((x, ax, keep) => prod(x, ax, keep)),
  any: reduction((x, ax, keep) => anyAll(x, ax, keep, false)),
  all: reduction((x, ax, keep) => anyAll(x, ax, keep, true)),
  cumsum: (x, a, k) => cumsum(x, normAxis(arg(a, k, 0, 'axis'), x.shape.length)),
  reshape: (x, a, k) => new NdArray(x.data.slice(), reshapeDims(x.size, a.length ? a : [k.get('shape') ?? k.get('newshape')]), x.dtype),
  flatten: (x) => new NdArray(x.data.slice(), [x.size], x.dtype),
  ravel: (x) => new NdArray(x.data.slice(), [x.size], x.dtype),
  squeeze: (x, a, k) => {
    const ax = normAxis(arg(a, k, 0, 'axis'), x.shape.length);
    if (ax !== undefined && x.shape[ax] !== 1) throw new PyError('ValueError', 'cannot select an axis to squeeze out which has size not equal to one');
    return new NdArray(x.data.slice(), x.shape.filter((d, i) => (ax === undefined ? d !== 1 : i !== ax)), x.dtype).wrap();
  },
  copy: (x) => new NdArray(x.data.slice(), x.shape.slice(), x.dtype),
  astype: (x, a, k) => NdArray.of(x.data, x.shape.slice(), dtypeOf(arg(a, k, 0, 'dtype'))),
  tolist: (x) => x.tolist(),
  item: (x, a) => {
    if (a.length) return x.scalar(x.data[Number(a[0])]);
    if (x.size !== 1) throw new PyError('ValueError', 'can only convert an array of size 1 to a Python scalar');
    return x.dtype === 'float32' ? x.data[0] : x.scalar(x.data[0]);
  },
  dot: (x, a) => matmul(x, toArray(a[0])).wrap(),
  transpose: (x, a) => transpose(x, a.length === 0 ? undefined : (a.length === 1 && (a[0] instanceof PyTuple || a[0] instanceof PyList) ? (a[0] as PyTuple).items : a).map(Number)),
  swapaxes: (x, a, k) => swapaxes(x, Number(arg(a, k, 0, 'axis1')), Number(arg(a, k, 1, 'axis2'))),
  clip: (x, a, k) => clip(x, arg(a, k, 0, 'min') ?? arg(a, k, 0, 'a_min'), arg(a, k, 1, 'max') ?? arg(a, k, 1, 'a_max')),
  round: (x, a, k) => roundArr(x, Number(arg(a, k, 0, 'decimals') ?? 0)).wrap(),
  fill: (x, a) => { x.data.fill(castValue(Number(a[0]), x.dtype)); return null; },
  argsort: (x) => {
    if (x.shape.length !== 1) throw new PyError('NotSupported', 'argsort of a multi-dimensional array');
    const idx = [...Array(x.size).keys()].sort((i, j) => x.data[i] - x.data[j] || i - j);
    return NdArray.of(idx, [x.size], 'int64');
  },
  sort: (x) => {
    if (x.shape.length !== 1) throw new PyError('NotSupported', 'in-place sort of a multi-dimensional array');
    x.data.sort();
    return null;
  },
  __array__: (x) => x,
};

export function clip(x: NdArray, lo: PyValue, hi: PyValue): NdArray {
  const l = lo === null || lo === undefined ? -Infinity : Number(lo instanceof NdArray ? lo.data[0] : lo);
  const h = hi === null || hi === undefined ? Infinity : Number(hi instanceof NdArray ? hi.data[0] : hi);
  return map(x, (v) => Math.min(Math.max(v, l), h), x.dtype);
}

/** np.round: round half to even at `decimals`, as NumPy (which scales, rounds, and scales back). */
export function roundArr(x: NdArray, decimals: number): NdArray {
  if (!isFloat(x.dtype) && decimals >= 0) return x;
  const f = 10 ** decimals;
  const even = (v: number) => { const r = Math.round(v); return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; };
  return map(x, (v) => (decimals >= 0 ? even(v * f) / f : even(v / 10 ** -decimals) * 10 ** -decimals), x.dtype as NpDtype);
}

export function ndarrayMethod(x: NdArray, name: string): PyValue | undefined {
  const m = METHODS[name];
  if (!m) {
    if (name.startsWith('__')) return undefined;
    throw new PyError('NotSupported', `numpy.ndarray.${name} (not in Loss Lens's NumPy; the same on a torch tensor may be)`);
  }
  return new HostFunction(name, (a, k) => m(x, a, k));
}
