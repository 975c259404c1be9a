// Index-driven Tensor methods built on the engine's differentiable gather (x[flat offsets]): gather,
// index_select, sort, topk, cumsum, and the legacy add_(scalar, tensor) form old tutorials use.
import { PyError, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { arg, bool, int, isScalar, normDim, type Kw } from './args';
import { METHODS, ValuesIndices, type Method } from './tensor_methods';

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** x.gather(dim, index): out[p] = x[p with coordinate `dim` replaced by index[p]]. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  if (index.dtype !== 'int64') throw new PyError('RuntimeError', 'gather(): Expected dtype int64 for index');
  if (index.ndim !== x.ndim) throw new PyError('RuntimeError', 'Index tensor must have the same number of dimensions as input tensor');
  const idx = index.toArray();
  const xs = strides(x.shape), is = strides(index.shape);
  const flat = new Array<number>(idx.length);
  for (let p = 0; p < idx.length; p++) {
    let off = 0;
    for (let k = 0; k < x.ndim; k++) {
      const c = k === d ? idx[p] : Math.floor(p / is[k]) % index.shape[k];
      if (k === d && (c < 0 || c >= x.shape[d])) throw new PyError('RuntimeError', `index ${c} is out of bounds for dimension ${d} with size ${x.shape[d]}`);
      off += c * xs[k];
    }
    flat[p] = off;
  }
  const picked = K.index(K.reshape(x, [-1]), [K.fromValues(flat, [flat.length], 'int64')]);
  return K.reshape(picked, index.shape);
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.ndim);
  return K.index(x, [...Array.from({ length: d }, () => new K.Slice()), index]);
}

/** Indices that sort each lane along `dim` (stable), as an int64 tensor shaped like x. */
function sortIndices(x: Tensor, dim: number, descending: boolean): Tensor {
  const d = normDim(dim, x.ndim);
  const v = x.toArray();
  const st = strides(x.shape);
  const n = x.shape[d] ?? 1;
  const out = new Float32Array(v.length);
  const key = (a: number): number => (Number.isNaN(a) ? Infinity : a); // NaN sorts last, as in PyTorch
  for (let base = 0; base < v.length; base++) {
    if (Math.floor(base / st[d]) % n !== 0) continue; // visit each lane once, from its first element
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((i, j) => {
      const a = key(v[base + i * st[d]]), b = key(v[base + j * st[d]]);
      return descending ? b - a || i - j : a - b || i - j;
    });
    order.forEach((src, pos) => { out[base + pos * st[d]] = src; });
  }
  return K.fromValues(out, x.shape, 'int64');
}

const sort: Method = (t, a, k) => {
  const dim = int(arg(a, k, 0, 'dim') ?? -1n);
  const idx = sortIndices(t, dim, bool(arg(a, k, 1, 'descending'), false));
  return new ValuesIndices(gather(t, dim, idx), idx, 'sort');
};

const topk: Method = (t, a, k) => {
  const kk = int(arg(a, k, 0, 'k'), 'k');
  const dim = normDim(int(arg(a, k, 1, 'dim') ?? -1n), t.ndim);
  if (kk > (t.shape[dim] ?? 1)) throw new PyError('RuntimeError', 'selected index k out of range');
  const idx = K.narrow(sortIndices(t, dim, bool(arg(a, k, 2, 'largest'), true)), dim, 0, kk);
  return new ValuesIndices(gather(t, dim, idx), idx, 'topk');
};

/** cumsum as a product with a triangular matrix of ones: differentiable through the engine's matmul. */
const cumsum: Method = (t, a, k) => {
  const d = normDim(int(arg(a, k, 0, 'dim'), 'dim'), t.ndim);
  if (!t.isFloatingPoint() && !k.has('dtype')) return K.cumsumInt(t, d);
  const n = t.shape[d];
  const tri = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) tri[i * n + j] = 1;
  const last = t.ndim - 1;
  const moved = d === last ? t : K.transpose(t, d, last);
  const src = moved.isFloatingPoint() ? moved : K.toDtype(moved, 'float32');
  let r = K.matmul(src, K.fromValues(tri, [n, n], 'float32'));
  if (d !== last) r = K.transpose(r, d, last);
  return t.isFloatingPoint() ? r : K.toDtype(r, 'int64');
};

/** add(other, alpha) plus the deprecated add(alpha, other) overload (`p.data.add_(-lr, p.grad)`). */
function legacyAlpha(name: 'add' | 'sub'): Method {
  const modern = METHODS.get(name)!;
  return (t, a, k) => {
    if (a.length === 2 && isScalar(a[0]) && a[1] instanceof Tensor) return modern(t, [a[1]], new Map([['alpha', a[0]]]) as Kw);
    return modern(t, a, k);
  };
}

export function installSelectMethods(): void {
  METHODS.set('gather', (t, a, k) => gather(t, int(arg(a, k, 0, 'dim'), 'dim'), tensorArgOf(arg(a, k, 1, 'index'), 'index')));
  METHODS.set('index_select', (t, a, k) => indexSelect(t, int(arg(a, k, 0, 'dim'), 'dim'), tensorArgOf(arg(a, k, 1, 'index'), 'index')));
  METHODS.set('sort', sort);
  METHODS.set('argsort', (t, a, k) => sortIndices(t, int(arg(a, k, 0, 'dim') ?? -1n), bool(arg(a, k, 1, 'descending'), false)));
  METHODS.set('topk', topk);
  METHODS.set('cumsum', cumsum);
  for (const n of ['add', 'sub'] as const) {
    const m = legacyAlpha(n);
    METHODS.set(n, m);
    METHODS.set(`${n}_`, (t, a, k) => K.inplace(t, () => m(t, a, k) as Tensor));
  }
  // Classification of values (no gradient, as in PyTorch): computed from the data.
  const classify = (f: (v: number) => boolean): Method => (t) => K.fromValues(Array.from(t.toArray(), (v) => (f(v) ? 1 : 0)), t.shape, 'bool');
  METHODS.set('isnan', classify(Number.isNaN));
  METHODS.set('isinf', classify((v) => v === Infinity || v === -Infinity));
  METHODS.set('isfinite', classify(Number.isFinite));
  METHODS.set('type_as', (t, a, k) => K.toDtype(t, tensorArgOf(arg(a, k, 0, 'other'), 'other').dtype));
  METHODS.set('new_zeros', (t, a) => K.full(shapeOf(a), 0, t.dtype));
  METHODS.set('new_ones', (t, a) => K.full(shapeOf(a), 1, t.dtype));
}

function shapeOf(a: PyValue[]): number[] {
  const items = a.length === 1 && (a[0] as { items?: PyValue[] }).items ? (a[0] as { items: PyValue[] }).items : a;
  return items.map((d) => int(d, 'size'));
}

function tensorArgOf(v: PyValue | undefined, name: string): Tensor {
  if (v instanceof Tensor) return v;
  throw new PyError('TypeError', `argument '${name}' must be Tensor`);
}
