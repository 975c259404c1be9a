// torch.Tensor methods as a table: Python name → implementation on the engine Tensor. torch.<name>(t, ...)
// functions reuse the same entries (torch.sum(x, 1) is x.sum(1)), and every out-of-place elementwise method
// gets its `name_` in-place twin through the engine's inplace (leaf rule, version counter).
import { HOST, HostFunction, PyError, PyList, PyTuple, type HostObject, type PyValue } from '../python/host';
import { repr as pyRepr } from '../python/format';
import { Tensor } from '../engine/tensor';
import { backward as engineBackward } from '../engine/autograd';
import { defaultGenerator } from '../engine/rng';
import * as K from './kernels';
import { hostValues, pyElement } from './int64';
import { arg, bool, dimsArg, int, isScalar, num, optInt, seqItems, typeNameOf, type Kw } from './args';
import { CPU, PyDType, PyDevice, float32, float64, int32, int64, bool as boolDtype, parseDType, TorchSize, generatorKw, noAccelerator } from './dtype';
import { ndarrayFromTensor } from './numpy';
import { checkView, isContiguous, markPermuted } from './strides';

export type Method = (self: Tensor, a: PyValue[], k: Kw) => PyValue;
export const METHODS = new Map<string, Method>();
function def(names: string | string[], m: Method): void {
  for (const n of typeof names === 'string' ? [names] : names) METHODS.set(n, m);
}

/** Python value of one element of a tensor of this dtype. */
export function pyScalar(v: number, dtype: Tensor['dtype']): PyValue {
  return dtype === 'float32' || dtype === 'float64' ? v : dtype === 'int64' ? BigInt(Math.trunc(v)) : v !== 0;
}

/** A tensor or Python scalar operand for the engine's binary ops; anything else is a TypeError. */
export function operand(v: PyValue, fname: string): K.Operand {
  if (v instanceof Tensor || isScalar(v)) return v;
  throw new PyError('TypeError', `${fname}(): argument 'other' must be Tensor or Number, not ${typeNameOf(v)}`);
}

/** Shape from `view(2, -1)`, `view((2, -1))`, `view(torch.Size)`; -1 allowed. */
export function shapeArgs(a: PyValue[], fname: string): number[] {
  const single = a.length === 1 ? seqItems(a[0]) : null;
  return (single ?? a).map((d) => int(d, `${fname}(): size`));
}

/** torch.return_types.max-like result: a tuple with .values/.indices. */
export class ValuesIndices extends PyTuple implements HostObject {
  readonly [HOST] = true as const;
  constructor(values: Tensor, indices: Tensor, readonly fname = 'max') { super([values, indices]); }
  pyTypeName(): string { return this.fname; }
  len(): number { return 2; }
  iter(): Iterable<PyValue> { return this.items; }
  getItem(key: PyValue): PyValue {
    const i = typeof key === 'bigint' ? Number(key) : NaN;
    if (i === 0 || i === -2) return this.items[0];
    if (i === 1 || i === -1) return this.items[1];
    throw new PyError('IndexError', 'tuple index out of range');
  }
  getAttr(name: string): PyValue | undefined {
    if (name === 'values') return this.items[0];
    if (name === 'indices') return this.items[1];
    return undefined;
  }
  repr(): string {
    return `torch.return_types.${this.fname}(\nvalues=${pyRepr(this.items[0])},\nindices=${pyRepr(this.items[1])})`;
  }
  str(): string { return this.repr(); }
}

const toList = (t: Tensor): PyValue => {
  const shape = t.shape;
  const data = hostValues(t);
  const build = (d: number, off: number): PyValue => {
    if (d === shape.length) return pyElement(data[off], t.dtype);
    const stride = shape.slice(d + 1).reduce((x, y) => x * y, 1);
    const out: PyValue[] = [];
    for (let i = 0; i < shape[d]; i++) out.push(build(d + 1, off + i * stride));
    return new PyList(out);
  };
  return build(0, 0);
};

// ---- size and conversion ----------------------------------------------------------------------------
def('size', (t, a, k) => {
  const d = arg(a, k, 0, 'dim');
  if (d === undefined || d === null) return new TorchSize(t.shape);
  const i = int(d, 'dim');
  const n = Math.max(t.ndim, 1);
  if (i < -n || i >= n) throw new PyError('IndexError', `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${i})`);
  return BigInt(t.shape[i < 0 ? i + t.ndim : i]);
});
def(['dim', 'ndimension'], (t) => BigInt(t.ndim));
def(['numel', 'nelement'], (t) => BigInt(t.numel()));
def('item', (t) => { const v = t.item(); return pyElement(hostValues(t)[0] ?? v, t.dtype); });
def('tolist', (t) => toList(t));
def('is_floating_point', (t) => t.isFloatingPoint());
def('is_contiguous', (t) => isContiguous(t));
def('contiguous', (t) => (isContiguous(t) ? t : K.clone(t)));
def('cpu', (t) => t);
def('cuda', () => noAccelerator('cuda'));
def('numpy', (t) => {
  if (t.requiresGrad) throw new PyError('RuntimeError', "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  return ndarrayFromTensor(t);
});
def('float', (t) => K.toDtype(t, 'float32'));
def('double', (t) => K.toDtype(t, 'float64'));
def(['long', 'int'], (t) => K.toDtype(t, 'int64'));
def('bool', (t) => K.toDtype(t, 'bool'));
def('type', (t, a, k) => {
  const d = arg(a, k, 0, 'dtype');
  if (d === undefined || d === null) return t.typeName();
  const legacy = legacyTypeDtype(d);
  return K.toDtype(t, legacy ? parseDType(legacy, t.dtype) : parseDType(d, t.dtype));
});
def('to', (t, a, k) => {
  // to(dtype), to(device), to(device, dtype), to(other), to(dtype=..., device=...)
  let target = t.dtype;
  for (const v of [...a, k.get('dtype'), k.get('device')]) {
    if (v instanceof PyDType) target = parseDType(v, t.dtype);
    else if (v instanceof Tensor) target = v.dtype;
    else if (v !== undefined && v !== null && !(typeof v === 'string' && v.startsWith('cpu')) && v !== CPU) {
      if (typeof v === 'string' && /^(cuda|mps)/.test(v)) noAccelerator(v);
      if (v instanceof PyDevice && v.type !== 'cpu') noAccelerator(v.type);
      if (!(isScalar(v))) throw new PyError('TypeError', `to() received an invalid combination of arguments - got (${typeNameOf(v)})`);
    }
  }
  return K.toDtype(t, target);
});

// ---- autograd ----------------------------------------------------------------------------------------
def('backward', (t, a, k) => {
  const g = arg(a, k, 0, 'gradient');
  const retain = arg(a, k, 1, 'retain_graph');
  const create = bool(arg(a, k, 2, 'create_graph'), false);
  // As PyTorch: retain_graph defaults to create_graph.
  engineBackward(t, g instanceof Tensor ? g : null, bool(retain, create), create);
  return null;
});
def('detach', (t) => t.detach());
def('detach_', (t) => { t.gradFn = null; t.requiresGrad = false; return t; });
def('clone', (t) => K.clone(t));
def('requires_grad_', (t, a, k) => t.requiresGrad_(bool(arg(a, k, 0, 'requires_grad'), true)));
def('retain_grad', (t) => { K.retainGrad(t); return null; });
def('register_hook', () => { throw new PyError('NotSupported', 'Tensor.register_hook'); });

// ---- in-place initialisers ------------------------------------------------------------------------------
def('zero_', (t) => K.fill_(t, 0));
def('fill_', (t, a, k) => K.fill_(t, num(arg(a, k, 0, 'value'), 'value')));
def('uniform_', (t, a, k) => K.uniform_(t, num(arg(a, k, 0, 'from') ?? 0), num(arg(a, k, 1, 'to') ?? 1), generatorKw(k)));
def('normal_', (t, a, k) => K.normal_(t, num(arg(a, k, 0, 'mean') ?? 0), num(arg(a, k, 1, 'std') ?? 1), generatorKw(k)));
def('bernoulli_', (t, a, k) => {
  const p = arg(a, k, 0, 'p') ?? 0.5;
  if (p instanceof Tensor) throw new PyError('NotSupported', 'bernoulli_(p) with a tensor of probabilities (use torch.bernoulli)');
  return K.inplace(t, () => K.fromValues(defaultGenerator.bernoulli_(new Float32Array(t.numel()), num(p, 'p')), t.shape, t.dtype));
});
def('copy_', (t, a, k) => {
  const src = arg(a, k, 0, 'src');
  if (!(src instanceof Tensor)) throw new PyError('TypeError', `copy_(): argument 'src' must be Tensor, not ${typeNameOf(src)}`);
  return K.copy_(t, src);
});

// ---- arithmetic --------------------------------------------------------------------------------------------
const alphaOf = (k: Kw, a: PyValue[], i: number): K.Scalar => {
  const al = arg(a, k, i, 'alpha');
  return al === undefined || al === null ? 1n : (isScalar(al) ? al : num(al, 'alpha'));
};
const elementwise: Record<string, Method> = {
  add: (t, a, k) => K.add(t, operand(arg(a, k, 0, 'other'), 'add'), alphaOf(k, a, 1)),
  sub: (t, a, k) => K.sub(t, operand(arg(a, k, 0, 'other'), 'sub'), alphaOf(k, a, 1)),
  mul: (t, a, k) => K.mul(t, operand(arg(a, k, 0, 'other'), 'mul')),
  div: (t, a, k) => {
    const mode = k.get('rounding_mode');
    return K.divMode(t, operand(arg(a, k, 0, 'other'), 'div'), mode === 'floor' || mode === 'trunc' ? mode : null);
  },
  pow: (t, a, k) => K.pow(t, operand(arg(a, k, 0, 'exponent'), 'pow')),
  addcmul: (t, a, k) => K.add(t, K.mul(tensorAt(a, k, 0, 'tensor1'), tensorAt(a, k, 1, 'tensor2')), scalarKw(k, 'value')),
  addcdiv: (t, a, k) => K.add(t, K.div(tensorAt(a, k, 0, 'tensor1'), tensorAt(a, k, 1, 'tensor2')), scalarKw(k, 'value')),
  clamp: (t, a, k) => clampArgs(t, arg(a, k, 0, 'min'), arg(a, k, 1, 'max')),
  clip: (t, a, k) => clampArgs(t, arg(a, k, 0, 'min'), arg(a, k, 1, 'max')),
  masked_fill: (t, a, k) => {
    const mask = tensorAt(a, k, 0, 'mask');
    const v = arg(a, k, 1, 'value');
    return K.where(mask, v instanceof Tensor ? v : num(v, 'value'), t);
  },
};
const UNARY = ['neg', 'exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'abs', 'sqrt', 'rsqrt', 'reciprocal', 'square',
  'relu', 'sigmoid', 'tanh', 'sign', 'floor', 'ceil', 'round', 'trunc'] as const;
for (const u of UNARY) elementwise[u] = (t) => (K[u] as (x: Tensor) => Tensor)(t);
elementwise.log10 = (t) => K.mul(K.log(t), 1 / Math.LN10);
elementwise.log2 = (t) => K.mul(K.log(t), 1 / Math.LN2);
elementwise.negative = elementwise.neg;
elementwise.absolute = elementwise.abs;
elementwise.logical_not = (t) => K.logicalNot(t);
for (const [name, m] of Object.entries(elementwise)) {
  def(name, m);
  // x.add_(y) computes out of place and swaps the result in: same numbers, and the engine enforces the leaf rule.
  def(`${name}_`, (t, a, k) => K.inplace(t, () => m(t, a, k) as Tensor));
}

function tensorAt(a: PyValue[], k: Kw, i: number, name: string): Tensor {
  const v = arg(a, k, i, name);
  if (v instanceof Tensor) return v;
  throw new PyError('TypeError', `argument '${name}' must be Tensor, not ${typeNameOf(v)}`);
}
function scalarKw(k: Kw, name: string): K.Scalar {
  const v = k.get(name);
  return v === undefined ? 1n : isScalar(v) ? v : num(v, name);
}
export function clampArgs(t: Tensor, lo: PyValue | undefined, hi: PyValue | undefined): Tensor {
  const bound = (v: PyValue | undefined): K.Scalar | Tensor | null => (v === undefined || v === null ? null : v instanceof Tensor ? v : isScalar(v) ? v : num(v));
  const mn = bound(lo);
  const mx = bound(hi);
  if (mn === null && mx === null) throw new PyError('RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None");
  if (mn instanceof Tensor || mx instanceof Tensor) {
    let r = t;
    if (mn !== null) r = mn instanceof Tensor ? K.maximum(r, mn) : K.clamp(r, mn, null);
    if (mx !== null) r = mx instanceof Tensor ? K.minimum(r, mx) : K.clamp(r, null, mx);
    return r;
  }
  return K.clamp(t, mn, mx);
}

const cmp = (f: (a: K.Operand, b: K.Operand) => Tensor, name: string): Method => (t, a, k) => f(t, operand(arg(a, k, 0, 'other'), name));
def(['eq'], cmp(K.eq, 'eq'));
def(['ne'], cmp(K.ne, 'ne'));
def(['lt', 'less'], cmp(K.lt, 'lt'));
def(['le'], cmp(K.le, 'le'));
def(['gt', 'greater'], cmp(K.gt, 'gt'));
def(['ge'], cmp(K.ge, 'ge'));
def('maximum', (t, a, k) => K.maximum(t, tensorAt(a, k, 0, 'other')));
def('minimum', (t, a, k) => K.minimum(t, tensorAt(a, k, 0, 'other')));
def('where', (t, a, k) => K.where(tensorAt(a, k, 0, 'condition'), t, operand(arg(a, k, 1, 'other'), 'where')));
def('equal', (t, a, k) => {
  const o = tensorAt(a, k, 0, 'other');
  return t.shape.join() === o.shape.join() && K.all(K.eq(t, o)).item() !== 0;
});
def('allclose', (t, a, k) => {
  const o = tensorAt(a, k, 0, 'other');
  const rtol = num(arg(a, k, 1, 'rtol') ?? 1e-5);
  const atol = num(arg(a, k, 2, 'atol') ?? 1e-8);
  const x = t.toArray(), y = o.toArray();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) return false;
  return true;
});

// ---- matmul ------------------------------------------------------------------------------------------------
def('mm', (t, a, k) => K.mm(t, tensorAt(a, k, 0, 'mat2')));
def('matmul', (t, a, k) => K.matmul(t, tensorAt(a, k, 0, 'other')));
def('dot', (t, a, k) => K.dot(t, tensorAt(a, k, 0, 'other')));

// ---- reductions ------------------------------------------------------------------------------------------
const keep = (a: PyValue[], k: Kw, i: number): boolean => bool(arg(a, k, i, 'keepdim'), false);
def('sum', (t, a, k) => castFor(K.sum(t, dimsArg(arg(a, k, 0, 'dim'), t.ndim), keep(a, k, 1)), k));
def('mean', (t, a, k) => {
  if (!t.isFloatingPoint() && k.get('dtype') === undefined) {
    throw new PyError('RuntimeError', `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${t.dtype === 'int64' ? 'Long' : 'Bool'}`);
  }
  return K.mean(t, dimsArg(arg(a, k, 0, 'dim'), t.ndim), keep(a, k, 1));
});
function castFor(r: Tensor, k: Kw): Tensor {
  const d = k.get('dtype');
  return d === undefined || d === null ? r : K.toDtype(r, parseDType(d, r.dtype));
}
function extremum(isMax: boolean): Method {
  return (t, a, k) => {
    const d = arg(a, k, 0, 'dim');
    if (d instanceof Tensor) return isMax ? K.maximum(t, d) : K.minimum(t, d);
    if (d === undefined || d === null) return isMax ? K.max(t) : K.min(t);
    const r = (isMax ? K.maxDim : K.minDim)(t, int(d, 'dim'), keep(a, k, 1));
    return new ValuesIndices(r.values, r.indices, isMax ? 'max' : 'min');
  };
}
def('max', extremum(true));
def('min', extremum(false));
def('argmax', (t, a, k) => K.argmax(t, optInt(arg(a, k, 0, 'dim')), keep(a, k, 1)));
def('argmin', (t, a, k) => K.argmin(t, optInt(arg(a, k, 0, 'dim')), keep(a, k, 1)));
def('prod', (t) => K.prod(t));
def('norm', (t, a, k) => {
  const p = arg(a, k, 0, 'p');
  const pv: number | 'fro' = p === undefined || p === null || p === 'fro' ? 'fro' : num(p, 'p');
  return K.norm(t, pv, dimsArg(arg(a, k, 1, 'dim'), t.ndim), keep(a, k, 2));
});
const unbiasedOf = (a: PyValue[], k: Kw, i: number): boolean => {
  const c = k.get('correction');
  if (c !== undefined && c !== null) return num(c) !== 0;
  const u = k.get('unbiased') ?? (typeof a[i] === 'boolean' ? a[i] : undefined);
  return bool(u, true);
};
def('var', (t, a, k) => K.variance(t, typeof a[0] === 'boolean' ? null : dimsArg(arg(a, k, 0, 'dim'), t.ndim), unbiasedOf(a, k, typeof a[0] === 'boolean' ? 0 : 1), bool(k.get('keepdim'), false)));
def('std', (t, a, k) => K.std(t, typeof a[0] === 'boolean' ? null : dimsArg(arg(a, k, 0, 'dim'), t.ndim), unbiasedOf(a, k, typeof a[0] === 'boolean' ? 0 : 1), bool(k.get('keepdim'), false)));
def('logsumexp', (t, a, k) => K.logsumexp(t, dimsArg(arg(a, k, 0, 'dim'), t.ndim) ?? [], keep(a, k, 1)));
def('all', (t, a, k) => K.all(t, optInt(arg(a, k, 0, 'dim')), keep(a, k, 1)));
def('any', (t, a, k) => K.any(t, optInt(arg(a, k, 0, 'dim')), keep(a, k, 1)));
def('softmax', (t, a, k) => K.softmax(t, int(arg(a, k, 0, 'dim'), 'dim')));
def('log_softmax', (t, a, k) => K.logSoftmax(t, int(arg(a, k, 0, 'dim'), 'dim')));

// ---- shape ---------------------------------------------------------------------------------------------------
def('reshape', (t, a, k) => K.reshape(t, shapeArgs(a.length ? a : [k.get('shape') ?? null], 'reshape')));
def('view', (t, a, k) => {
  if (a.length === 1 && a[0] instanceof PyDType) return K.toDtype(t, parseDType(a[0], t.dtype));
  // A view of a transposed tensor must be expressible with strides, as in PyTorch (else: use reshape).
  return checkView(K.reshape(t, shapeArgs(a.length ? a : [k.get('shape') ?? null], 'view')), t);
});
def('reshape_as', (t, a, k) => K.reshape(t, tensorAt(a, k, 0, 'other').shape));
def('view_as', (t, a, k) => checkView(K.reshape(t, tensorAt(a, k, 0, 'other').shape), t));
def('expand', (t, a) => K.expand(t, shapeArgs(a, 'expand')));
def('expand_as', (t, a, k) => K.expand(t, tensorAt(a, k, 0, 'other').shape));
def('repeat', (t, a) => K.repeat(t, shapeArgs(a, 'repeat')));
/** Shape ops built on view/permute print PyTorch's own grad_fn names (x.squeeze().grad_fn → SqueezeBackward0). */
function labelled(out: Tensor, input: Tensor, name: string): Tensor {
  if (out !== input && out.gradFn && out.gradFn !== input.gradFn) out.gradFn.label = name;
  return out;
}
def('unsqueeze', (t, a, k) => labelled(K.unsqueeze(t, int(arg(a, k, 0, 'dim'), 'dim')), t, 'UnsqueezeBackward0'));
def('squeeze', (t, a, k) => {
  const d = optInt(arg(a, k, 0, 'dim'));
  return labelled(K.squeeze(t, d), t, d === null || d === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1');
});
// x.unsqueeze_(d) / x.squeeze_(): the same values under a new shape, taken into x's own storage.
for (const name of ['unsqueeze', 'squeeze']) {
  def(`${name}_`, (t, a, k) => {
    if (t.requiresGrad && K.isGradEnabled()) throw new PyError('NotSupported', `Tensor.${name}_ on a tensor that requires grad (use ${name}() out of place)`);
    K.setValue(t, (METHODS.get(name)!(t, a, k) as Tensor).value);
    return t;
  });
}
def('flatten', (t, a, k) => K.flatten(t, int(arg(a, k, 0, 'start_dim') ?? 0n), int(arg(a, k, 1, 'end_dim') ?? -1n)));
def('transpose', (t, a, k) => {
  const n = Math.max(t.ndim, 1);
  const d0 = int(arg(a, k, 0, 'dim0'), 'dim0'), d1 = int(arg(a, k, 1, 'dim1'), 'dim1');
  const perm = t.shape.map((_, i) => i);
  const [i0, i1] = [(d0 + n) % n, (d1 + n) % n];
  if (t.ndim > 0) [perm[i0], perm[i1]] = [perm[i1], perm[i0]];
  return markPermuted(labelled(K.transpose(t, d0, d1), t, 'TransposeBackward0'), t, perm);
});
def('swapaxes', METHODS.get('transpose')!);
def('permute', (t, a) => { const p = shapeArgs(a, 'permute'); return markPermuted(K.permute(t, p), t, p); });
def('t', (t) => markPermuted(labelled(K.t(t), t, 'TBackward0'), t, t.ndim === 2 ? [1, 0] : t.shape.map((_, i) => i)));
def('narrow', (t, a, k) => K.narrow(t, int(arg(a, k, 0, 'dim')), int(arg(a, k, 1, 'start')), int(arg(a, k, 2, 'length'))));
def('split', (t, a, k) => {
  const s = arg(a, k, 0, 'split_size_or_sections');
  const dim = int(arg(a, k, 1, 'dim') ?? 0n);
  const n = t.shape[dim < 0 ? dim + t.ndim : dim];
  let sizes: number[];
  const items = seqItems(s ?? null);
  if (items) sizes = items.map((x) => int(x));
  else { const c = int(s, 'split_size'); sizes = []; for (let i = 0; i < n; i += c) sizes.push(Math.min(c, n - i)); }
  return new PyTuple(K.split(t, sizes, dim));
});
def('chunk', (t, a, k) => {
  const chunks = int(arg(a, k, 0, 'chunks'));
  const dim = int(arg(a, k, 1, 'dim') ?? 0n);
  const n = t.shape[dim < 0 ? dim + t.ndim : dim];
  const c = Math.ceil(n / chunks);
  const sizes: number[] = [];
  for (let i = 0; i < n; i += c) sizes.push(Math.min(c, n - i));
  return new PyTuple(K.split(t, sizes, dim));
});
def('unbind', (t, a, k) => {
  const dim = int(arg(a, k, 0, 'dim') ?? 0n);
  const d = dim < 0 ? dim + t.ndim : dim;
  return new PyTuple(K.split(t, Array(t.shape[d]).fill(1), d).map((x) => K.squeeze(x, d)));
});

/** t.type(torch.FloatTensor) / t.type('torch.LongTensor'): the legacy type names of PyTorch 0.x code. */
function legacyTypeDtype(v: PyValue): PyValue | undefined {
  const name = v instanceof HostFunction ? v.name : typeof v === 'string' ? v.replace(/^torch\./, '') : undefined;
  const dt = name ? LEGACY_TYPES[name] : undefined;
  if (typeof v === 'string' && !dt) throw new PyError('ValueError', `invalid type: '${v}'`);
  return dt;
}
const LEGACY_TYPES: Record<string, PyValue> = { FloatTensor: float32, DoubleTensor: float64, LongTensor: int64, IntTensor: int32, BoolTensor: boolDtype };
