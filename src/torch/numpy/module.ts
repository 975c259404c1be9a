// The `numpy` module: creation (array, zeros, arange, linspace, …), joining, elementwise maths (ufuncs on
// arrays and Python scalars), reductions shared with the ndarray methods, dtypes, and np.random. Anything
// else raises NotSupported naming it.
import { HostFunction, HostModule, PyError, PyList, PyTuple, type PyValue } from '../../python/host';
import { castValue, dtypeOf, isFloat, NpDtypeObject, promote, type NpDtype } from './dtype';
import { broadcastShape, broadcastTo, elementwise, map, matmul, NdArray, reshapeDims, resultDtype, sizeOf, swapaxes, toArray, transpose } from './ndarray';
import { clip, METHODS, roundArr } from './methods';
import { makeNpRandom } from './random';

type Kw = Map<string, PyValue>;
const optDtype = (v: PyValue): NpDtype | undefined => (v === undefined || v === null ? undefined : dtypeOf(v));
function shapeArg(v: PyValue): number[] {
  if (v instanceof PyTuple || v instanceof PyList) return (v as PyTuple).items.map(Number);
  return [Number(v)];
}
const isScalar = (v: PyValue) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
const items = (v: PyValue): PyValue[] => {
  if (v instanceof PyList || v instanceof PyTuple) return [...(v as PyTuple).items];
  if (v instanceof NdArray) return [...v.iter()];
  throw new PyError('TypeError', 'expected a sequence of arrays');
};

/** A ufunc of one argument: arrays keep a float dtype (ints become float64); Python scalars give floats. */
function ufunc(name: string, f: (x: number) => number, keepInt = false): [string, HostFunction] {
  return [name, new HostFunction(name, (a) => {
    const x = a[0];
    if (isScalar(x)) {
      const r = f(Number(x));
      return keepInt && typeof x === 'bigint' ? BigInt(r) : r;
    }
    if (x instanceof NdArray || x instanceof PyList || x instanceof PyTuple) {
      const arr = toArray(x);
      const dt: NpDtype = isFloat(arr.dtype) ? arr.dtype : keepInt ? arr.dtype : 'float64';
      return map(arr, f, dt).wrap();
    }
    throw new PyError('NotSupported', `numpy.${name} on ${(x as { pyTypeName?: () => string })?.pyTypeName?.() ?? typeof x} (use torch.${name} on tensors)`);
  })];
}

function binaryUfunc(name: string, f: (x: number, y: number) => number): [string, HostFunction] {
  return [name, new HostFunction(name, (a) => {
    if (isScalar(a[0]) && isScalar(a[1])) return f(Number(a[0]), Number(a[1]));
    const x = operand(a[0]), y = operand(a[1]);
    const dt = resultDtype(x, y);
    const shape = broadcastShape(x.shape, y.shape);
    const X = broadcastTo(x, shape), Y = broadcastTo(y, shape);
    const out = new Float64Array(X.size);
    for (let i = 0; i < out.length; i++) out[i] = castValue(f(X.data[i], Y.data[i]), dt);
    return new NdArray(out, shape, dt).wrap();
  })];
}
function operand(v: PyValue): NdArray & { pyKind?: 'float' | 'int' | 'bool' } {
  if (isScalar(v)) {
    const kind = typeof v === 'number' ? 'float' : typeof v === 'bigint' ? 'int' : 'bool';
    const a = new NdArray(Float64Array.of(Number(v)), [], kind === 'float' ? 'float64' : kind === 'int' ? 'int64' : 'bool') as NdArray & { pyKind?: 'float' | 'int' | 'bool' };
    a.pyKind = kind;
    return a;
  }
  return toArray(v);
}

function filled(shape: PyValue, v: number, k: Kw, dflt: NpDtype = 'float64'): NdArray {
  const s = shapeArg(shape);
  const dt = optDtype(k.get('dtype')) ?? dflt;
  return new NdArray(new Float64Array(sizeOf(s)).fill(castValue(v, dt)), s, dt);
}

function arange(a: PyValue[], k: Kw): NdArray {
  const args = a.length ? a : [k.get('start') ?? 0n, k.get('stop'), k.get('step')].filter((x) => x !== undefined);
  const parsed = args.length === 1 ? [0n, args[0], 1n] : [args[0], args[1], args[2] ?? 1n];
  let [start, stop] = parsed;
  const step = parsed[2];
  if (stop === undefined || stop === null) { stop = start; start = 0n; }
  const allInt = [start, stop, step].every((x) => typeof x === 'bigint');
  const dt = optDtype(k.get('dtype')) ?? (allInt ? 'int64' : 'float64');
  const s = Number(start), e = Number(stop), st = Number(step);
  if (st === 0) throw new PyError('ZeroDivisionError', 'division by zero');
  const n = Math.max(0, Math.ceil((e - s) / st));
  const delta = (s + st) - s;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = castValue(i === 0 ? s : s + i * delta, dt);
  return new NdArray(out, [n], dt);
}

function linspace(a: PyValue[], k: Kw): NdArray {
  const start = Number(a[0] ?? k.get('start')), stop = Number(a[1] ?? k.get('stop'));
  const num = Number(a[2] ?? k.get('num') ?? 50n);
  const endpoint = (a[3] ?? k.get('endpoint') ?? true) !== false;
  const dt = optDtype(k.get('dtype')) ?? 'float64';
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  const out = new Float64Array(num);
  for (let i = 0; i < num; i++) out[i] = div > 0 ? i * step + start : start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return NdArray.of(out, [num], dt);
}

function concatenate(seq: PyValue, axisV: PyValue): NdArray {
  const arrs = items(seq).map((x) => toArray(x));
  if (arrs.length === 0) throw new PyError('ValueError', 'need at least one array to concatenate');
  const nd = arrs[0].shape.length;
  if (axisV === null) return concatenate(new PyList(arrs.map((x) => new NdArray(x.data, [x.size], x.dtype))), 0n);
  let axis = Number(axisV ?? 0n);
  if (axis < 0) axis += nd;
  if (nd === 0) throw new PyError('ValueError', 'zero-dimensional arrays cannot be concatenated');
  for (const x of arrs) {
    if (x.shape.length !== nd) throw new PyError('ValueError', `all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size ${arrs[0].shape[0]}`);
    x.shape.forEach((d, i) => {
      if (i !== axis && d !== arrs[0].shape[i]) throw new PyError('ValueError', `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${i}, the array at index 0 has size ${arrs[0].shape[i]} and the array at index ${arrs.indexOf(x)} has size ${d}`);
    });
  }
  const dt = arrs.map((x) => x.dtype).reduce(promote);
  const outer = sizeOf(arrs[0].shape.slice(0, axis));
  const shape = arrs[0].shape.slice();
  shape[axis] = arrs.reduce((s, x) => s + x.shape[axis], 0);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const x of arrs) {
      const chunk = sizeOf(x.shape.slice(axis));
      for (let i = 0; i < chunk; i++) out.push(x.data[o * chunk + i]);
    }
  }
  return NdArray.of(out, shape, dt);
}

function stack(seq: PyValue, axisV: PyValue): NdArray {
  const arrs = items(seq).map((x) => toArray(x));
  if (arrs.length === 0) throw new PyError('ValueError', 'need at least one array to stack');
  const s0 = arrs[0].shape;
  if (arrs.some((x) => x.shape.length !== s0.length || x.shape.some((d, i) => d !== s0[i]))) throw new PyError('ValueError', 'all input arrays must have the same shape');
  let axis = Number(axisV ?? 0n);
  if (axis < 0) axis += s0.length + 1;
  const expanded = arrs.map((x) => new NdArray(x.data, [...s0.slice(0, axis), 1, ...s0.slice(axis)], x.dtype));
  return concatenate(new PyList(expanded), BigInt(axis));
}

const atLeast2d = (x: NdArray) => (x.shape.length >= 2 ? x : new NdArray(x.data, x.shape.length === 1 ? [1, x.shape[0]] : [1, 1], x.dtype));

function where(a: PyValue[]): PyValue {
  const c = toArray(a[0]);
  if (a.length === 1) {
    if (c.shape.length !== 1) throw new PyError('NotSupported', 'np.where(cond) on a multi-dimensional array');
    const idx: number[] = [];
    c.data.forEach((v, i) => { if (v) idx.push(i); });
    return new PyTuple([NdArray.of(idx, [idx.length], 'int64')]);
  }
  const x = operand(a[1]), y = operand(a[2]);
  const dt = resultDtype(x, y);
  const shape = broadcastShape(broadcastShape(c.shape, x.shape), y.shape);
  const C = broadcastTo(c, shape), X = broadcastTo(x, shape), Y = broadcastTo(y, shape);
  const out = new Float64Array(C.size);
  for (let i = 0; i < out.length; i++) out[i] = castValue(C.data[i] ? X.data[i] : Y.data[i], dt);
  return new NdArray(out, shape, dt).wrap();
}

function dtypeObject(dt: NpDtype): NpDtypeObject {
  return new NpDtypeObject(dt, (v) => {
    if (v instanceof NdArray || v instanceof PyList || v instanceof PyTuple) return toArray(v, dt);
    const x = typeof v === 'string' ? Number(v) : Number((v as { toFloat?: () => number })?.toFloat?.() ?? v);
    const c = castValue(x, dt);
    return new NdArray(Float64Array.of(c), [], dt).wrap();
  });
}

class NumpyModule extends HostModule {
  override getAttr(name: string): PyValue | undefined {
    const v = super.getAttr(name);
    if (v !== undefined) return v;
    if (name.startsWith('__')) return undefined;
    throw new PyError('NotSupported', `numpy.${name} (not in Loss Lens's NumPy: arrays, np.random, elementwise maths and reductions are)`);
  }
}

export function makeNumpyModule(seed: number): HostModule {
  const m = new Map<string, PyValue>();
  const f = (name: string, impl: (a: PyValue[], k: Kw) => PyValue) => m.set(name, new HostFunction(name, impl));
  m.set('pi', Math.PI); m.set('e', Math.E); m.set('inf', Infinity); m.set('nan', NaN); m.set('newaxis', null);
  m.set('Inf', Infinity); m.set('NaN', NaN);
  for (const dt of ['float64', 'float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8'] as NpDtype[]) m.set(dt, dtypeObject(dt));
  m.set('bool_', dtypeObject('bool')); m.set('double', m.get('float64')); m.set('single', m.get('float32'));
  m.set('float_', m.get('float64')); m.set('int_', m.get('int64')); m.set('intc', m.get('int32')); m.set('half', m.get('float16'));
  f('dtype', (a) => dtypeObject(dtypeOf(a[0])).getAttr('dtype'));
  f('array', (a, k) => {
    const src = a[0] ?? k.get('object');
    const arr = toArray(src, optDtype(a[1] ?? k.get('dtype')));
    return arr === src ? new NdArray(arr.data.slice(), arr.shape.slice(), arr.dtype) : arr;
  });
  f('asarray', (a, k) => toArray(a[0], optDtype(a[1] ?? k.get('dtype'))));
  f('zeros', (a, k) => filled(a[0] ?? k.get('shape'), 0, a[1] !== undefined ? new Map([['dtype', a[1]]]) : k));
  f('ones', (a, k) => filled(a[0] ?? k.get('shape'), 1, a[1] !== undefined ? new Map([['dtype', a[1]]]) : k));
  f('empty', (a, k) => filled(a[0] ?? k.get('shape'), 0, a[1] !== undefined ? new Map([['dtype', a[1]]]) : k));
  f('full', (a, k) => {
    const v = a[1] ?? k.get('fill_value');
    const dflt: NpDtype = typeof v === 'bigint' ? 'int64' : typeof v === 'boolean' ? 'bool' : 'float64';
    return filled(a[0] ?? k.get('shape'), Number(v), a[2] !== undefined ? new Map([['dtype', a[2]]]) : k, dflt);
  });
  for (const [name, v] of [['zeros_like', 0], ['ones_like', 1], ['empty_like', 0]] as const) {
    f(name, (a, k) => { const x = toArray(a[0]); return filled(new PyTuple(x.shape.map(BigInt)), v, k, x.dtype); });
  }
  f('full_like', (a, k) => { const x = toArray(a[0]); return filled(new PyTuple(x.shape.map(BigInt)), Number(a[1]), k, x.dtype); });
  f('arange', arange);
  f('linspace', linspace);
  f('eye', (a, k) => {
    const n = Number(a[0]), mm = Number(a[1] ?? k.get('M') ?? a[0]);
    const out = filled(new PyTuple([BigInt(n), BigInt(mm)]), 0, k);
    for (let i = 0; i < Math.min(n, mm); i++) out.data[i * mm + i] = 1;
    return out;
  });
  f('identity', (a, k) => (m.get('eye') as HostFunction).impl([a[0]], k));
  f('concatenate', (a, k) => concatenate(a[0], a.length > 1 ? a[1] : k.has('axis') ? k.get('axis')! : 0n));
  f('stack', (a, k) => stack(a[0], a[1] ?? k.get('axis')));
  f('vstack', (a) => concatenate(new PyList(items(a[0]).map((x) => atLeast2d(toArray(x)))), 0n));
  f('hstack', (a) => { const xs = items(a[0]).map((x) => toArray(x)); return concatenate(new PyList(xs), xs[0].shape.length === 1 ? 0n : 1n); });
  f('column_stack', (a) => concatenate(new PyList(items(a[0]).map((x) => { const t = toArray(x); return t.shape.length === 1 ? new NdArray(t.data, [t.size, 1], t.dtype) : t; })), 1n));
  f('reshape', (a, k) => new NdArray(toArray(a[0]).data.slice(), reshapeDims(toArray(a[0]).size, a[1] ?? k.get('newshape')), toArray(a[0]).dtype));
  f('transpose', (a) => transpose(toArray(a[0]), a[1] === undefined ? undefined : (a[1] as PyTuple).items.map(Number)));
  f('swapaxes', (a, k) => swapaxes(toArray(a[0]), Number(a[1] ?? k.get('axis1')), Number(a[2] ?? k.get('axis2'))));
  f('expand_dims', (a, k) => {
    const x = toArray(a[0]);
    let ax = Number(a[1] ?? k.get('axis'));
    if (ax < 0) ax += x.shape.length + 1;
    return new NdArray(x.data.slice(), [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)], x.dtype);
  });
  for (const name of ['sum', 'mean', 'std', 'var', 'max', 'min', 'argmax', 'argmin', 'prod', 'cumsum', 'any', 'all', 'squeeze', 'ravel', 'argsort', 'round', 'copy']) {
    f(name, (a, k) => METHODS[name](toArray(a[0]), a.slice(1), k));
  }
  m.set('amax', m.get('max')); m.set('amin', m.get('min')); m.set('around', m.get('round'));
  f('dot', (a) => (isScalar(a[0]) || isScalar(a[1]) ? elementwise('*', operand(a[0]), operand(a[1])).wrap() : matmul(toArray(a[0]), toArray(a[1])).wrap()));
  f('matmul', (a) => matmul(toArray(a[0]), toArray(a[1])).wrap());
  f('outer', (a) => { const x = toArray(a[0]), y = toArray(a[1]); return matmul(new NdArray(x.data, [x.size, 1], x.dtype), new NdArray(y.data, [1, y.size], y.dtype)); });
  f('clip', (a, k) => clip(toArray(a[0]), a[1] ?? k.get('a_min'), a[2] ?? k.get('a_max')).wrap());
  f('where', where);
  f('sort', (a) => { const x = toArray(a[0]); const c = new NdArray(x.data.slice(), x.shape.slice(), x.dtype); METHODS.sort(c, [], new Map()); return c; });
  f('allclose', (a, k) => {
    const x = operand(a[0]), y = operand(a[1]);
    const rtol = Number(a[2] ?? k.get('rtol') ?? 1e-5), atol = Number(a[3] ?? k.get('atol') ?? 1e-8);
    const shape = broadcastShape(x.shape, y.shape);
    const X = broadcastTo(x, shape), Y = broadcastTo(y, shape);
    for (let i = 0; i < X.size; i++) if (!(Math.abs(X.data[i] - Y.data[i]) <= atol + rtol * Math.abs(Y.data[i]))) return false;
    return true;
  });
  f('array_equal', (a) => {
    const x = toArray(a[0]), y = toArray(a[1]);
    return x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]) && x.data.every((v, i) => v === y.data[i]);
  });
  const unary: [string, (x: number) => number, boolean?][] = [
    ['exp', Math.exp], ['log', Math.log], ['log2', Math.log2], ['log10', Math.log10], ['log1p', Math.log1p], ['expm1', Math.expm1],
    ['sqrt', Math.sqrt], ['sin', Math.sin], ['cos', Math.cos], ['tan', Math.tan], ['tanh', Math.tanh], ['arctan', Math.atan],
    ['arcsin', Math.asin], ['arccos', Math.acos], ['sinh', Math.sinh], ['cosh', Math.cosh],
    ['floor', Math.floor], ['ceil', Math.ceil], ['trunc', Math.trunc], ['rint', (x) => roundArr(new NdArray(Float64Array.of(x), [], 'float64'), 0).data[0]],
    ['abs', Math.abs, true], ['absolute', Math.abs, true], ['fabs', Math.abs], ['square', (x) => x * x, true], ['negative', (x) => -x, true],
    ['sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : x), true]
  ];
  for (const [name, fn, keepInt] of unary) m.set(...ufunc(name, fn, keepInt));
  for (const [name, pred] of [['isnan', Number.isNaN], ['isfinite', Number.isFinite], ['isinf', (x: number) => x === Infinity || x === -Infinity]] as const) {
    f(name, (a) => (isScalar(a[0]) ? pred(Number(a[0])) : map(toArray(a[0]), (v) => (pred(v) ? 1 : 0), 'bool').wrap()));
  }
  m.set(...binaryUfunc('maximum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))));
  m.set(...binaryUfunc('minimum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))));
  m.set(...binaryUfunc('power', (x, y) => x ** y));
  for (const [name, op] of [['add', '+'], ['subtract', '-'], ['multiply', '*'], ['divide', '/'], ['true_divide', '/']] as const) {
    f(name, (a) => elementwise(op, operand(a[0]), operand(a[1])).wrap());
  }
  m.set(...binaryUfunc('arctan2', Math.atan2));
  m.set('random', makeNpRandom(seed));
  return new NumpyModule('numpy', m);
}
