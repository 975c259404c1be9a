// Products and index-driven writes beyond tensor_methods: bmm, outer/ger, diag, cumprod, meshgrid, cdist, einsum
// (pairwise contractions through matmul, so gradients come from the engine's matmul), erf, and the scatter family
// (scatter/scatter_add/index_add) as gathers and scatter-adds over flat offsets. All composed from engine ops.
import { HostFunction, PyError, PyTuple, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { erf as engineErf } from '../engine/ops/special';
import { scatterAddFlat } from '../engine/ops/scatter';
import { det, inverse } from '../engine/ops/linalg';
import * as K from './kernels';
import { arg, int, isScalar, normDim, num, seqItems, tensorArg, typeNameOf, type Kw } from './args';
import { METHODS, type Method } from './tensor_methods';
import { guard } from './tensor_protocol';
import { einsum } from './einsum';
import { TorchSize } from './dtype';
import { linalgModule } from './linalg_module';

/** PyTorch's grad_fn name for a composed result. */
function named(t: Tensor, label: string): Tensor {
  if (t.gradFn) t.gradFn.label = label;
  return t;
}

const tensorAt = (a: PyValue[], k: Kw, i: number, name: string, fname: string): Tensor => {
  const v = arg(a, k, i, name);
  if (!(v instanceof Tensor)) throw new PyError('TypeError', `${fname}(): argument '${name}' (position ${i + 1}) must be Tensor, not ${typeNameOf(v ?? null)}`);
  return v;
};

const bmm: Method = (t, a, k) => {
  const m = tensorAt(a, k, 0, 'mat2', 'bmm');
  if (t.ndim !== 3) throw new PyError('RuntimeError', 'batch1 must be a 3D tensor');
  if (m.ndim !== 3) throw new PyError('RuntimeError', 'batch2 must be a 3D tensor');
  if (m.shape[0] !== t.shape[0] || m.shape[1] !== t.shape[2]) {
    throw new PyError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${t.shape[0]}, ${t.shape[2]}] but got: [${m.shape[0]}, ${m.shape[1]}].`);
  }
  return named(K.matmul(t, m), 'BmmBackward0');
};

const outer: Method = (t, a, k) => {
  const v = tensorAt(a, k, 0, 'vec2', 'outer');
  if (t.ndim !== 1 || v.ndim !== 1) throw new PyError('RuntimeError', `outer: Expected 1-D argument self, but got ${t.ndim}-D`);
  return K.mul(K.unsqueeze(t, 1), K.unsqueeze(v, 0));
};

/** Flat offsets of the `d`-th diagonal of a [r, c] matrix. */
function diagOffsets(r: number, c: number, d: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, -d); i < r && i + d < c; i++) out.push(i * c + i + d);
  return out;
}

const diag: Method = (t, a, k) => {
  const d = int(arg(a, k, 0, 'diagonal') ?? 0n, 'diagonal');
  if (t.ndim === 1) {
    const n = t.shape[0], size = n + Math.abs(d);
    const flat = diagOffsets(size, size, d);
    return named(K.reshape(scatterAddFlat(t, flat, [size * size]), [size, size]), 'DiagBackward0');
  }
  if (t.ndim !== 2) throw new PyError('RuntimeError', 'diag(): Supports 1D or 2D tensors. Got ' + t.ndim + 'D');
  const flat = diagOffsets(t.shape[0], t.shape[1], d);
  return named(K.index(K.reshape(t, [-1]), [K.fromValues(flat, [flat.length], 'int64')]), 'DiagBackward0');
};

/** cumprod as the running product, one multiply per position (PyTorch's sequential order, so the same roundings). */
const cumprod: Method = (t, a, k) => {
  const dv = arg(a, k, 0, 'dim');
  if (dv === undefined) throw new PyError('TypeError', 'cumprod() received an invalid combination of arguments - got (), but expected one of:\n * (int dim, *, torch.dtype dtype)');
  if (t.ndim === 0) return K.clone(t);
  const d = normDim(int(dv, 'dim'), t.ndim);
  const n = t.shape[d];
  const parts: Tensor[] = [];
  let run: Tensor | null = null;
  for (let i = 0; i < n; i++) {
    const s = K.narrow(t, d, i, 1);
    run = run === null ? s : K.mul(run, s);
    parts.push(run);
  }
  return parts.length ? named(K.cat(parts, d), 'CumprodBackward0') : K.clone(t);
};

function scatterOffsets(self: Tensor, dim: number, index: Tensor, fname: string): number[] {
  if (index.dtype !== 'int64') throw new PyError('RuntimeError', `${fname}(): Expected dtype int64 for index`);
  if (index.ndim !== self.ndim && !(index.ndim <= 1 && self.ndim <= 1)) {
    throw new PyError('RuntimeError', 'Index tensor must have the same number of dimensions as self tensor');
  }
  const d = normDim(dim, self.ndim);
  const idx = index.toArray();
  const ish = index.ndim ? index.shape : [1], xsh = self.ndim ? self.shape : [1];
  const xs = strides(xsh), is = strides(ish);
  const out = new Array<number>(idx.length);
  for (let p = 0; p < idx.length; p++) {
    let off = 0;
    for (let q = 0; q < xsh.length; q++) {
      const c = q === d ? idx[p] : Math.floor(p / is[q]) % ish[q];
      if (q === d && (c < 0 || c >= xsh[d])) throw new PyError('RuntimeError', `index ${c} is out of bounds for dimension ${d} with size ${xsh[d]}`);
      off += c * xs[q];
    }
    out[p] = off;
  }
  return out;
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** src's leading block shaped like index (PyTorch reads src only where index has entries). */
function srcBlock(src: Tensor, index: Tensor): Tensor {
  let s = src;
  index.shape.forEach((n, q) => { if (s.shape[q] !== n) s = K.narrow(s, q, 0, n); });
  return K.reshape(s, [-1]);
}

function scatterImpl(t: Tensor, a: PyValue[], k: Kw, add: boolean, fname: string): Tensor {
  if (k.has('reduce')) throw new PyError('NotSupported', `${fname}(reduce=...)`);
  const dim = int(arg(a, k, 0, 'dim'), 'dim');
  const index = tensorAt(a, k, 1, 'index', fname);
  const sv = arg(a, k, 2, add ? 'src' : 'src') ?? k.get('value');
  const flat = scatterOffsets(t, dim, index, fname);
  const n = Math.max(1, t.numel());
  let src: Tensor;
  if (sv instanceof Tensor) {
    if (sv.dtype !== t.dtype) throw new PyError('RuntimeError', `${fname}(): Expected self.dtype to be equal to src.dtype`);
    src = srcBlock(sv, index);
  } else if (isScalar(sv) && !add) {
    src = K.full([flat.length], num(sv), t.dtype);
  } else throw new PyError('TypeError', `${fname}() received an invalid combination of arguments - got (int, Tensor, ${typeNameOf(sv ?? null)})`);
  const placed = scatterAddFlat(src, flat, [n]);
  const base = K.reshape(t, [-1]);
  const label = fname.startsWith('index_add') ? 'IndexAddBackward0' : add ? 'ScatterAddBackward0' : 'ScatterBackward0';
  if (add) return named(K.reshape(K.add(base, placed), t.shape), label);
  // scatter: written positions take src, the rest keep self (a mask, so self's gradient is zero where written).
  const hit = K.gt(scatterAddFlat(K.full([flat.length], 1, 'float32'), flat, [n]), 0);
  return named(K.reshape(K.where(hit, placed, base), t.shape), label);
}

const indexAdd: Method = (t, a, k) => {
  const d = normDim(int(arg(a, k, 0, 'dim'), 'dim'), t.ndim);
  const index = tensorAt(a, k, 1, 'index', 'index_add_');
  let src = tensorAt(a, k, 2, 'source', 'index_add_');
  const alpha = k.get('alpha');
  if (alpha !== undefined) src = K.mul(src, alpha as number);
  if (index.ndim > 1) throw new PyError('IndexError', 'index_add_(): Index is supposed to be a vector');
  const ix = index.toArray();
  if (src.ndim > 0 && src.shape[d] !== ix.length) {
    throw new PyError('RuntimeError', `index_add_(): Number of indices (${ix.length}) should be equal to source.size(dim) (${src.shape[d]})`);
  }
  // Expand the index along dim to src's shape and scatter-add.
  const shp = src.shape;
  const full = new Array<number>(src.numel());
  const ss = strides(shp);
  for (let p = 0; p < full.length; p++) full[p] = ix[Math.floor(p / ss[d]) % shp[d]];
  return scatterImpl(t, [BigInt(d), K.fromValues(full, shp, 'int64'), src], new Map(), true, 'index_add_');
};

const meshgrid = new HostFunction('meshgrid', (a, k) => guard(() => {
  const items = a.length === 1 && seqItems(a[0]) ? seqItems(a[0])! : a;
  const ts = items.map((v, i) => {
    if (!(v instanceof Tensor)) throw new PyError('TypeError', `expected Tensor as element ${i} in argument 0, but got ${typeNameOf(v)}`);
    return v;
  });
  const ind = k.get('indexing') ?? null;
  if (ind === null) {
    // PyTorch 1.13 warns once when indexing is not given; the result is 'ij'.
  } else if (ind !== 'ij' && ind !== 'xy') {
    throw new PyError('RuntimeError', `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(ind)}`);
  }
  ts.forEach((t) => { if (t.ndim > 1) throw new PyError('RuntimeError', `torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t.ndim}D`); });
  const xy = ind === 'xy' && ts.length >= 2;
  const order = ts.map((_, i) => i);
  if (xy) { order[0] = 1; order[1] = 0; }
  const shape = order.map((i) => Math.max(1, ts[i].numel()));
  const out = ts.map((t, i) => {
    const pos = order.indexOf(i);
    const view = shape.map((n, q) => (q === pos ? n : 1));
    return K.expand(K.reshape(t, view), shape);
  });
  return new PyTuple(out);
}));

const cdist = new HostFunction('cdist', (a, k) => guard(() => {
  const x1 = tensorArg(a[0] ?? k.get('x1') ?? null, 'cdist', 'x1'), x2 = tensorArg(a[1] ?? k.get('x2') ?? null, 'cdist', 'x2');
  const p = num(a[2] ?? k.get('p') ?? 2.0, 'p');
  if (x1.ndim < 2) throw new PyError('RuntimeError', `cdist only supports at least 2D tensors, X1 got: ${x1.ndim}D`);
  if (x2.ndim < 2) throw new PyError('RuntimeError', `cdist only supports at least 2D tensors, X2 got: ${x2.ndim}D`);
  if (x1.shape[x1.ndim - 1] !== x2.shape[x2.ndim - 1]) {
    throw new PyError('RuntimeError', `X1 and X2 must have the same number of columns. X1: ${x1.shape[x1.ndim - 1]} X2: ${x2.shape[x2.ndim - 1]}`);
  }
  // |x_i − y_j|_p over the last dim, by broadcasting [.., P, 1, M] against [.., 1, R, M].
  const diff = K.sub(K.unsqueeze(x1, -2), K.unsqueeze(x2, -3));
  if (p === 2) return K.sqrt(K.sum(K.square(diff), [-1]));
  if (p === 1) return K.sum(K.abs(diff), [-1]);
  if (p === Infinity) return K.maxDim(K.abs(diff), -1).values;
  return K.pow(K.sum(K.pow(K.abs(diff), p), [-1]), 1 / p);
}));

/** torch.Size(sizes=()): a tuple of ints printed as torch.Size([...]); also the class `isinstance` checks. */
class SizeClass extends HostFunction {
  isInstance(v: PyValue): boolean { return v instanceof TorchSize; }
  override pyTypeName(): string { return 'type'; }
  override repr(): string { return "<class 'torch.Size'>"; }
  getAttr(name: string): PyValue | undefined { return name === '__name__' ? 'Size' : undefined; }
}
const torchSize = new SizeClass('Size', (a) => guard(() => {
  const items = a.length ? seqItems(a[0]) : [];
  if (!items) throw new PyError('TypeError', `'${typeNameOf(a[0])}' object is not iterable`);
  return new TorchSize(items.map((d) => int(d, 'size')));
}));

export function installLinalgMethods(): void {
  METHODS.set('bmm', bmm);
  METHODS.set('outer', outer);
  METHODS.set('ger', outer);
  METHODS.set('diag', diag);
  METHODS.set('cumprod', cumprod);
  METHODS.set('erf', (t) => engineErf(t));
  METHODS.set('inverse', (t) => inverse(t));
  METHODS.set('det', (t) => det(t));
  METHODS.set('scatter', (t, a, k) => scatterImpl(t, a, k, false, 'scatter'));
  METHODS.set('scatter_add', (t, a, k) => scatterImpl(t, a, k, true, 'scatter_add'));
  METHODS.set('scatter_', (t, a, k) => K.inplace(t, () => scatterImpl(t, a, k, false, 'scatter')));
  METHODS.set('scatter_add_', (t, a, k) => K.inplace(t, () => scatterImpl(t, a, k, true, 'scatter_add')));
  METHODS.set('index_add', indexAdd);
  METHODS.set('index_add_', (t, a, k) => K.inplace(t, () => indexAdd(t, a, k) as Tensor));
}

/** torch.<name> for the methods above, plus meshgrid, cdist and einsum. */
export function linalgAttributes(viaMethod: (name: string) => HostFunction): [string, PyValue][] {
  const names = ['bmm', 'outer', 'ger', 'diag', 'cumprod', 'erf', 'inverse', 'det', 'scatter', 'scatter_add', 'index_add'];
  return [...names.map((n): [string, PyValue] => [n, viaMethod(n)]), ['meshgrid', meshgrid], ['cdist', cdist],
    ['einsum', new HostFunction('einsum', (a) => guard(() => einsum(a)))], ['Size', torchSize], ['linalg', linalgModule()]];
}
