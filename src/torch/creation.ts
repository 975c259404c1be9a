// Tensor creation functions of the torch namespace: tensor, randn/rand/randint (PyTorch's generator, draw for
// draw), zeros/ones/full/empty, arange/linspace/eye, the *_like family. Every one accepts dtype=, device='cpu'
// and requires_grad= like PyTorch.
import { HostFunction, PyError, type PyValue } from '../python/host';
import { Tensor, type DType } from '../engine/tensor';
import * as K from './kernels';
import { arg, bool, flattenNested, int, isScalar, num, seqItems, shapeFrom, typeNameOf, type Kw } from './args';
import { checkDevice, defaultFloat, parseDType, generatorKw } from './dtype';
import { normal64 } from '../engine/f64/random64';
import { defaultGenerator } from '../engine/rng';
import { NdArray, tensorFromNdarray } from './numpy';
import { guard } from './tensor_protocol';
import { bigArange, bigIntTensor, intCount } from './int64';

const FACTORY_KW = ['dtype', 'device', 'requires_grad', 'layout', 'pin_memory', 'generator', 'out', 'memory_format'];

/** Applies dtype/device/requires_grad keywords to a freshly made tensor. */
function finish(t: Tensor, k: Kw, fname: string): Tensor {
  for (const key of k.keys()) {
    if (!FACTORY_KW.includes(key)) throw new PyError('TypeError', `${fname}() got an unexpected keyword argument '${key}'`);
  }
  if (k.get('out') !== undefined && k.get('out') !== null) throw new PyError('NotSupported', `${fname}(out=...)`);
  checkDevice(k.get('device'));
  if (bool(k.get('requires_grad'), false)) t.requiresGrad_(true);
  return t;
}

function dtypeKw(k: Kw, dflt: DType): DType { return parseDType(k.get('dtype'), dflt); }

/** randn(*size) etc.: positional sizes, or size= keyword. */
function sizeArgs(a: PyValue[], k: Kw, fname: string): number[] {
  if (a.length === 0 && k.has('size')) return shapeFrom([k.get('size')!], fname);
  return shapeFrom(a, fname);
}
function dropSize(k: Kw): Kw {
  if (!k.has('size')) return k;
  const m = new Map(k);
  m.delete('size');
  return m;
}

function cast(t: Tensor, to: DType): Tensor { return t.dtype === to ? t : K.toDtype(t, to); }

/** torch.tensor(data): nested lists of numbers, a scalar, or a tensor (copied, detached). */
function tensorFromData(data: PyValue, k: Kw): Tensor {
  if (data instanceof Tensor) return finish(cast(K.clone(data.detach()), dtypeKw(k, data.dtype)), k, 'tensor');
  if (data instanceof NdArray) { const t = tensorFromNdarray(data); return finish(cast(t, dtypeKw(k, t.dtype)), k, 'tensor'); }
  if (isScalar(data)) {
    const kind: DType = typeof data === 'number' ? defaultFloat() : typeof data === 'bigint' ? 'int64' : 'bool';
    const big = typeof data === 'bigint' && dtypeKw(k, kind) === 'int64' ? bigIntTensor(data, []) : null;
    if (big) return finish(big, k, 'tensor');
    return finish(K.fromValues([num(data)], [], dtypeKw(k, kind)), k, 'tensor');
  }
  if (!seqItems(data)) throw new PyError('TypeError', `new(): invalid data type '${typeNameOf(data)}'`);
  const { values, shape, kind } = flattenNested(data);
  const d = dtypeKw(k, kind === 'float' ? defaultFloat() : kind === 'int' ? 'int64' : 'bool');
  const big = d === 'int64' && kind === 'int' ? bigIntTensor(data, shape) : null;
  if (big) return finish(big, k, 'tensor');
  const vals = d === 'int64' ? values.map(Math.trunc) : d === 'bool' ? values.map((v) => (v ? 1 : 0)) : values;
  return finish(K.fromValues(vals, shape, d), k, 'tensor');
}

/**
 * torch.normal(mean_tensor, std) / (mean, std_tensor) / (mean_tensor, std_tensor), as ATen draws them: a tensor
 * mean gives normal_(0, std) then add_(mean); a tensor std gives normal_(0, 1), mul_(std), add_(mean).
 */
function normalOfTensors(mean: PyValue, std: PyValue, gen: ReturnType<typeof generatorKw>): Tensor {
  const m = mean instanceof Tensor ? mean : undefined, s = std instanceof Tensor ? std : undefined;
  const shape = (m ?? s)!.shape;
  if (m && s && (m.numel() !== s.numel())) throw new PyError('RuntimeError', `The size of tensor a (${m.numel()}) must match the size of tensor b (${s.numel()})`);
  const n = (m ?? s)!.numel();
  const z = (gen ?? defaultGenerator).normal_(new Float32Array(n), 0, s ? 1 : num(std));
  const mv = m?.toArray(), sv = s?.toArray();
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const scaled = sv ? Math.fround(z[i] * sv[i]) : z[i];
    out[i] = Math.fround(scaled + (mv ? mv[i] : num(mean)));
  }
  return K.fromValues(out, shape, 'float32');
}

function like(name: string, make: (t: Tensor, a: PyValue[], k: Kw) => Tensor): [string, HostFunction] {
  return [name, new HostFunction(name, (a, k) => guard(() => {
    const t = a[0] ?? k.get('input');
    if (!(t instanceof Tensor)) throw new PyError('TypeError', `${name}(): argument 'input' must be Tensor, not ${typeNameOf(t)}`);
    const rest = new Map(k);
    rest.delete('input');
    return make(t, a.slice(1), rest);
  }))];
}

export function creationFunctions(): [string, HostFunction][] {
  const f = (name: string, impl: (a: PyValue[], k: Kw) => Tensor): [string, HostFunction] =>
    [name, new HostFunction(name, (a, k) => guard(() => impl(a, k)))];
  const filled = (name: string, v: number) => f(name, (a, k) => finish(K.full(sizeArgs(a, k, name), v, dtypeKw(k, defaultFloat())), dropSize(k), name));
  return [
    f('tensor', (a, k) => {
      if (a.length !== 1) throw new PyError('TypeError', `tensor() takes 1 positional argument but ${a.length} were given`);
      return tensorFromData(a[0], k);
    }),
    f('as_tensor', (a, k) => (a[0] instanceof Tensor && !k.has('dtype') ? a[0] : tensorFromData(a[0], k))),
    f('randn', (a, k) => { const d = dtypeKw(k, defaultFloat()); return finish(cast(K.randn(sizeArgs(a, k, 'randn'), generatorKw(k), d === 'float64' ? d : 'float32'), d), dropSize(k), 'randn'); }),
    f('rand', (a, k) => { const d = dtypeKw(k, defaultFloat()); return finish(cast(K.rand(sizeArgs(a, k, 'rand'), generatorKw(k), d === 'float64' ? d : 'float32'), d), dropSize(k), 'rand'); }),
    f('randint', (a, k) => {
      // randint(high, size) or randint(low, high, size)
      const pos = a.length === 2 ? [0n, a[0], a[1]] : a;
      const low = int(pos[0] ?? k.get('low') ?? 0n, 'low');
      const high = int(pos[1] ?? k.get('high'), 'high');
      const size = pos[2] ?? k.get('size');
      if (low >= high) throw new PyError('RuntimeError', `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
      const rest = new Map(k); rest.delete('low'); rest.delete('high'); rest.delete('size');
      return finish(cast(K.randint(low, high, shapeFrom([size ?? null], 'randint'), generatorKw(rest)), dtypeKw(rest, 'int64')), rest, 'randint');
    }),
    f('randperm', (a, k) => {
      const n = int(arg(a, k, 0, 'n'), 'n');
      const rest = new Map(k); rest.delete('n');
      return finish(cast(K.randperm(n, generatorKw(rest)), dtypeKw(rest, 'int64')), rest, 'randperm');
    }),
    f('bernoulli', (a, k) => {
      const probs = arg(a, k, 0, 'input');
      if (!(probs instanceof Tensor)) throw new PyError('TypeError', `bernoulli(): argument 'input' must be Tensor, not ${typeNameOf(probs)}`);
      const rest = new Map(k); rest.delete('input');
      return finish(K.bernoulli(probs, generatorKw(rest)), rest, 'bernoulli');
    }),
    f('normal', (a, k) => {
      const mean = arg(a, k, 0, 'mean'), size = arg(a, k, 2, 'size');
      const std = arg(a, k, 1, 'std') ?? (mean instanceof Tensor ? 1 : undefined);
      const rest = new Map(k); rest.delete('mean'); rest.delete('std'); rest.delete('size');
      if ((mean instanceof Tensor && mean.dtype === 'float64') || (std instanceof Tensor && std.dtype === 'float64')) {
        throw new PyError('NotSupported', 'torch.normal with float64 tensor arguments');
      }
      if (mean instanceof Tensor || std instanceof Tensor) return finish(normalOfTensors(mean, std, generatorKw(rest)), rest, 'normal');
      if (!isScalar(mean) || !isScalar(std) || size === undefined) throw new PyError('TypeError', 'normal() received an invalid combination of arguments');
      const d = dtypeKw(rest, defaultFloat());
      rest.delete('dtype');
      const shape = shapeFrom([size], 'normal');
      if (d === 'float64') {
        K.checkAlloc(shape.reduce((x, y) => x * y, 1), d);
        return finish(K.fromValues(normal64(generatorKw(rest) ?? defaultGenerator, new Float64Array(shape.reduce((x, y) => x * y, 1)), num(mean), num(std)), shape, d), rest, 'normal');
      }
      return finish(cast(K.normal(num(mean), num(std), shape, generatorKw(rest)), d), rest, 'normal');
    }),
    filled('zeros', 0),
    filled('ones', 1),
    filled('empty', 0),
    f('full', (a, k) => {
      const size = arg(a, k, 0, 'size');
      const v = arg(a, k, 1, 'fill_value');
      const kind: DType = typeof v === 'bigint' ? 'int64' : typeof v === 'boolean' ? 'bool' : defaultFloat();
      const rest = new Map(k); rest.delete('size'); rest.delete('fill_value');
      return finish(K.full(shapeFrom([size ?? null], 'full'), num(v, 'fill_value'), dtypeKw(rest, kind)), rest, 'full');
    }),
    f('arange', (a, k) => {
      const pos = [...a];
      for (const n of ['start', 'end', 'step']) if (k.has(n)) pos.push(k.get(n)!);
      const [start, end, step] = pos.length === 1 ? [0n, pos[0], 1n] : [pos[0], pos[1], pos[2] ?? 1n];
      const isFloat = [start, end, step].some((v) => typeof v === 'number');
      const s = num(start), e = num(end), st = num(step);
      if (st === 0) throw new PyError('RuntimeError', 'step must be nonzero');
      const ints = [start, end, step].every((v) => typeof v === 'bigint' || typeof v === 'boolean');
      const n = ints ? intCount(start as bigint, end as bigint, step as bigint) : Math.max(0, Math.ceil((e - s) / st));
      const rest = new Map(k); rest.delete('start'); rest.delete('end'); rest.delete('step');
      const dtype = dtypeKw(rest, isFloat ? defaultFloat() : 'int64');
      K.checkAlloc(n, dtype); // before the JS array: torch.arange(10**13) is PyTorch's allocator error
      const big = ints && dtype === 'int64' ? bigArange(start as bigint, step as bigint, n) : null;
      if (big) return finish(big, rest, 'arange');
      const vals = Array.from({ length: n }, (_, i) => s + i * st);
      return finish(K.fromValues(vals, [n], dtype), rest, 'arange');
    }),
    f('linspace', (a, k) => {
      const start = num(arg(a, k, 0, 'start'), 'start');
      const end = num(arg(a, k, 1, 'end'), 'end');
      const steps = int(arg(a, k, 2, 'steps'), 'steps');
      if (steps < 0) throw new PyError('RuntimeError', 'number of steps must be non-negative');
      const rest = new Map(k); rest.delete('start'); rest.delete('end'); rest.delete('steps');
      const d = dtypeKw(rest, defaultFloat());
      return finish(K.fromValues(d === 'float64' ? K.linspaceValues64(start, end, steps) : K.linspaceValues(start, end, steps), [steps], d), rest, 'linspace');
    }),
    f('eye', (a, k) => {
      const n = int(arg(a, k, 0, 'n'), 'n');
      const mArg = arg(a, k, 1, 'm');
      const m = mArg === undefined || mArg === null ? n : int(mArg, 'm');
      const vals = new Float32Array(n * m);
      for (let i = 0; i < Math.min(n, m); i++) vals[i * m + i] = 1;
      const rest = new Map(k); rest.delete('n'); rest.delete('m');
      return finish(K.fromValues(vals, [n, m], dtypeKw(rest, defaultFloat())), rest, 'eye');
    }),
    like('zeros_like', (t, _a, k) => finish(K.full(t.shape, 0, dtypeKw(k, t.dtype)), k, 'zeros_like')),
    like('ones_like', (t, _a, k) => finish(K.full(t.shape, 1, dtypeKw(k, t.dtype)), k, 'ones_like')),
    like('empty_like', (t, _a, k) => finish(K.full(t.shape, 0, dtypeKw(k, t.dtype)), k, 'empty_like')),
    like('full_like', (t, a, k) => {
      const v = a[0] ?? k.get('fill_value');
      const rest = new Map(k); rest.delete('fill_value');
      return finish(K.full(t.shape, num(v, 'fill_value'), dtypeKw(rest, t.dtype)), rest, 'full_like');
    }),
    like('randn_like', (t, _a, k) => { const d = dtypeKw(k, t.dtype); return finish(cast(K.randn(t.shape, undefined, d === 'float64' ? d : 'float32'), d), k, 'randn_like'); }),
    like('rand_like', (t, _a, k) => { const d = dtypeKw(k, t.dtype); return finish(cast(K.rand(t.shape, undefined, d === 'float64' ? d : 'float32'), d), k, 'rand_like'); }),
  ];
}
