// The native attributes of the `torch` namespace: creation functions, RNG seeding, grad modes, dtypes, the
// torch.<op>(tensor, ...) forms of Tensor methods, cat/stack/where, and the `_native` helper module the
// Python prelude uses (Parameter, custom autograd Functions).
import { PyIInfo } from './int64';
import { HostFunction, HostModule, PyError, PyList, PyTuple, type PyValue } from '../python/host';
import { call, typeOf } from '../python/runtime';
import { PyRange } from '../python/objects';
import { checkSize } from '../python/limits';
import { Tensor } from '../engine/tensor';
import { applyCustom, grad as engineGrad } from '../engine/autograd';
import { Generator, defaultGenerator } from '../engine/rng';
import * as K from './kernels';
import { arg, bool, int, isScalar, seqItems, typeNameOf, type Kw } from './args';
import { CPU, DTYPE_NAMES, defaultFloat, dtypeOf, float32, makeDevice, setDefaultFloat, PyDType, PyGenerator } from './dtype';
import { creationFunctions } from './creation';
import { gradModeClass, isGradEnabledFn, setGradEnabledFn } from './grad_mode';
import { METHODS, clampArgs } from './tensor_methods';
import { PARAMETERS, guard } from './tensor_protocol';
import { installExtraAttributes } from './torch_extra';
import { NdArray, tensorFromNdarray } from './numpy';
import { FUSED_OPTIM } from './fused_optim';
import { NATIVE_RNN } from './native_rnn';
import { MODULE_NATIVE } from './module_native';
import { NORM_NATIVE } from './norm_native';

/** torch.<name>(input, ...) is input.<name>(...). */
const FORWARDED = ['abs', 'exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'sqrt', 'rsqrt', 'reciprocal', 'square', 'relu',
  'sigmoid', 'tanh', 'sign', 'floor', 'ceil', 'round', 'trunc', 'neg', 'negative', 'sum', 'mean', 'max', 'min', 'argmax',
  'argmin', 'prod', 'norm', 'std', 'var', 'logsumexp', 'all', 'any', 'mm', 'matmul', 'dot', 'reshape', 'transpose',
  'permute', 'unsqueeze', 'squeeze', 'flatten', 't', 'narrow', 'split', 'chunk', 'unbind', 'softmax', 'log_softmax',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'equal', 'allclose', 'maximum', 'minimum', 'detach', 'clone', 'numel',
  'addcmul', 'addcdiv', 'masked_fill', 'logical_not', 'clamp', 'clip', 'swapaxes', 'gather', 'index_select', 'sort',
  'argsort', 'topk', 'cumsum', 'isnan', 'isinf', 'isfinite', 'log10', 'log2'];

/** add/sub/mul/div/pow also take a Python number first (torch.pow(2, x)). */
const BINARY_FIRST_SCALAR: Record<string, (a: K.Operand, b: K.Operand) => Tensor> = {
  add: (a, b) => K.add(a, b), sub: (a, b) => K.sub(a, b), mul: K.mul, div: K.div, pow: K.pow,
};

function forwarded(name: string): HostFunction {
  const m = METHODS.get(name);
  if (!m) throw new Error(`torch.${name}: no Tensor method of that name`);
  return new HostFunction(name, (a, k) => guard(() => {
    const first = a.length ? a[0] : k.get('input');
    const rest = new Map(k);
    rest.delete('input');
    if (first instanceof Tensor) return m(first, a.slice(1), rest);
    throw new PyError('TypeError', `${name}(): argument 'input' (position 1) must be Tensor, not ${typeNameOf(first)}`);
  }));
}

function binaryForm(name: string): HostFunction {
  const m = METHODS.get(name)!;
  const f = BINARY_FIRST_SCALAR[name];
  return new HostFunction(name, (a, k) => guard(() => {
    const x = a.length ? a[0] : k.get('input');
    const rest = new Map(k);
    rest.delete('input');
    if (x instanceof Tensor) return m(x, a.slice(1), rest);
    const y = a[1] ?? k.get('other') ?? k.get('exponent');
    if (isScalar(x) && y instanceof Tensor) return f(x, y);
    throw new PyError('TypeError', `${name}(): argument 'input' (position 1) must be Tensor, not ${typeNameOf(x)}`);
  }));
}

function tensorList(v: PyValue, fname: string): Tensor[] {
  const items = seqItems(v ?? null);
  if (!items) throw new PyError('TypeError', `${fname}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeNameOf(v)}`);
  return items.map((t, i) => {
    if (!(t instanceof Tensor)) throw new PyError('TypeError', `expected Tensor as element ${i} in argument 0, but got ${typeNameOf(t)}`);
    return t;
  });
}

/** nn.Parameter(data=None, requires_grad=True): a new tensor object sharing data's storage, a leaf. */
// copy.deepcopy(tensor) (best-model snapshots: copy.deepcopy(model.state_dict())): a detached copy of the values,
// a leaf keeping requires_grad, and a Parameter stays a Parameter.
METHODS.set('__deepcopy__', (t) => {
  const c = new Tensor(K.clone(t.detach()).storage, t.dtype, false);
  if (t.requiresGrad) c.requiresGrad_(true);
  if (PARAMETERS.has(t)) PARAMETERS.add(c);
  return c;
});

export function makeParameter(a: PyValue[], k: Kw): Tensor {
  const data = arg(a, k, 0, 'data') ?? K.fromValues([], [0], 'float32');
  if (!(data instanceof Tensor)) throw new PyError('TypeError', `Parameter(): argument 'data' must be Tensor, not ${typeNameOf(data)}`);
  const p = new Tensor(data.storage, data.dtype, false);
  p.requiresGrad_(bool(arg(a, k, 1, 'requires_grad'), true));
  PARAMETERS.add(p);
  return p;
}

/**
 * _native.attach_function(name, args, output, backward_fn, ctx): connects a Python autograd.Function's forward
 * result to the tape; backward_fn(grad) returns one gradient (or None) per forward argument.
 */
function attachFunction(a: PyValue[]): PyValue {
  const [name, args, output, backwardFn, ctx] = a;
  if (!(output instanceof Tensor)) throw new PyError('NotSupported', 'autograd.Function.forward returning something other than one Tensor');
  const all = args instanceof PyTuple ? args.items : [];
  const positions: number[] = [];
  const inputs: Tensor[] = [];
  all.forEach((v, i) => { if (v instanceof Tensor) { positions.push(i); inputs.push(v); } });
  return applyCustom(String(name), inputs, output, (g) => {
    let r = call(backwardFn, [g]);
    const grads = r instanceof PyTuple ? r.items : [r];
    if (grads.length !== all.length) {
      throw new PyError('RuntimeError', `function ${String(name)} returned an incorrect number of gradients (expected ${all.length}, got ${grads.length})`);
    }
    return positions.map((i) => {
      r = grads[i];
      if (r === null) return null;
      if (!(r instanceof Tensor)) throw new PyError('TypeError', `function ${String(name)} returned a gradient of type ${typeNameOf(r)}, expected Tensor or None`);
      return r;
    });
  }, ctx);
}

/** The torch.Tensor class object: what isinstance(x, torch.Tensor) and type(x) see; calling it builds a tensor. */
function tensorClass(): PyValue {
  const cls = typeOf(K.fromValues([0], [], 'float32')) as unknown as { native?: { construct(a: PyValue[], k: Map<string, PyValue> | null): PyValue } };
  cls.native = {
    construct: (a) => guard(() => {
      if (a.length === 1 && seqItems(a[0])) return call(torchFns.get('tensor')!, [a[0]], new Map([['dtype', float32]]));
      return K.full(a.map((d) => int(d, 'size')), 0, 'float32');
    }),
  };
  return cls as unknown as PyValue;
}

const torchFns = new Map<string, PyValue>();

/** torch.empty((), dtype=torch.int64).random_(generator=g): one 64-bit draw (two 32-bit words, high first) mod 2^63. */
function randomInt64(gen: Generator = defaultGenerator): bigint {
  const hi = BigInt(gen.random32());
  const lo = BigInt(gen.random32());
  return ((hi << 32n) | lo) % (1n << 63n);
}

/**
 * The indices one DataLoader epoch visits, drawing what PyTorch draws: the iterator's base seed, then (shuffle)
 * RandomSampler's seed for a private generator that runs randperm.
 */
function loaderOrder(n: number, shuffle: boolean): PyValue {
  randomInt64();
  // In order: a range, so a dataset whose __len__ is 10**9 costs nothing until its batches are drawn.
  if (!shuffle) return new PyRange(0n, BigInt(n), 1n);
  checkSize(n);
  const perm = new Generator(randomInt64()).randperm(n);
  return new PyList(Array.from(perm, (v) => BigInt(v)));
}

export function nativeHelpers(functional: HostModule, init: () => PyValue): HostModule {
  const m = new HostModule('torch._native', new Map<string, PyValue>([
    ['Parameter', new HostFunction('Parameter', (a, k) => guard(() => makeParameter(a, k)))],
    ['is_parameter', new HostFunction('is_parameter', (a) => a[0] instanceof Tensor && PARAMETERS.has(a[0]))],
    ['typename', new HostFunction('typename', (a) => (a[0] instanceof Tensor ? a[0].typeName() : typeNameOf(a[0])))],
    ['attach_function', new HostFunction('attach_function', (a) => guard(() => attachFunction(a)))],
    // autograd_grad(output, inputs, grad_output, retain_graph, allow_unused, create_graph) → list of Tensor/None (engine grad()).
    ['autograd_grad', new HostFunction('autograd_grad', (a) => guard(() => {
      const out = a[0];
      if (!(out instanceof Tensor)) throw new PyError('TypeError', `grad(): outputs must be Tensor, not ${typeNameOf(out)}`);
      const ins = (seqItems(a[1]) ?? [a[1]]).map((t) => {
        if (!(t instanceof Tensor)) throw new PyError('TypeError', `grad(): inputs must be Tensors, not ${typeNameOf(t)}`);
        return t;
      });
      const go = a[2] instanceof Tensor ? a[2] : null;
      return new PyTuple(engineGrad(out, ins, go, bool(a[3], false), bool(a[4], false), bool(a[5], false)));
    }))],
    ['functional', functional],
    ['loader_order', new HostFunction('loader_order', (a) => loaderOrder(int(a[0], 'n'), bool(a[1], false)))],
    // seed64(generator or None): the int64 seed a DataLoader iterator or a RandomSampler draws.
    ['seed64', new HostFunction('seed64', (a) => randomInt64(a[0] instanceof PyGenerator ? a[0].gen : defaultGenerator))],
    ['not_supported', new HostFunction('not_supported', (a) => { throw new PyError('NotSupported', String(a[0])); })],
    ...FUSED_OPTIM,
    ...NATIVE_RNN,
    ...MODULE_NATIVE,
    ...NORM_NATIVE,
  ]));
  // nn.init is Python; it is built on first use.
  const get = m.getAttr.bind(m);
  m.getAttr = (name: string) => (name === 'init' ? init() : get(name));
  return m;
}

/** Every native attribute of `torch` (submodules are added lazily by the environment). */
export function torchAttributes(): Map<string, PyValue> {
  const attrs = new Map<string, PyValue>();
  for (const [n, f] of creationFunctions()) { attrs.set(n, f); torchFns.set(n, f); }
  for (const n of FORWARDED) attrs.set(n, forwarded(n));
  for (const n of Object.keys(BINARY_FIRST_SCALAR)) attrs.set(n, binaryForm(n));
  attrs.set('subtract', attrs.get('sub')!);
  attrs.set('multiply', attrs.get('mul')!);
  attrs.set('divide', attrs.get('div')!);
  attrs.set('iinfo', new HostFunction('iinfo', (a, k) => {
    const d = arg(a, k, 0, 'type');
    if (!(d instanceof PyDType)) throw new PyError('TypeError', `iinfo(): argument 'type' must be torch.dtype, not ${typeNameOf(d ?? null)}`);
    return new PyIInfo(d);
  }));
  attrs.set('clamp', new HostFunction('clamp', (a, k) => guard(() => {
    const x = a[0] ?? k.get('input');
    if (!(x instanceof Tensor)) throw new PyError('TypeError', `clamp(): argument 'input' must be Tensor, not ${typeNameOf(x)}`);
    return clampArgs(x, arg(a, k, 1, 'min'), arg(a, k, 2, 'max'));
  })));
  attrs.set('cat', new HostFunction('cat', (a, k) => guard(() => {
    const tensors = arg(a, k, 0, 'tensors') ?? null;
    // Given a dim, both of cat's overloads (int dim, name dim) fit the call: PyTorch lists them instead.
    if (arg(a, k, 1, 'dim') !== undefined && !seqItems(tensors)) {
      const got = [...a.map(typeNameOf), ...[...k].map(([n, v]) => `${n}=${typeNameOf(v)}`)].join(', ');
      throw new PyError('TypeError', `cat() received an invalid combination of arguments - got (${got}), but expected one of:\n * (tuple of Tensors tensors, int dim, *, Tensor out)\n * (tuple of Tensors tensors, name dim, *, Tensor out)\n`);
    }
    return K.cat(tensorList(tensors, 'cat'), int(arg(a, k, 1, 'dim') ?? 0n));
  })));
  attrs.set('concat', attrs.get('cat')!);
  attrs.set('stack', new HostFunction('stack', (a, k) => guard(() => K.stack(tensorList(arg(a, k, 0, 'tensors') ?? null, 'stack'), int(arg(a, k, 1, 'dim') ?? 0n)))));
  attrs.set('where', new HostFunction('where', (a, k) => guard(() => {
    const c = arg(a, k, 0, 'condition');
    if (!(c instanceof Tensor)) throw new PyError('TypeError', 'where(): argument \'condition\' must be Tensor');
    const x = arg(a, k, 1, 'input'), y = arg(a, k, 2, 'other');
    if (!(x instanceof Tensor || isScalar(x)) || !(y instanceof Tensor || isScalar(y))) throw new PyError('NotSupported', 'torch.where(condition) with one argument');
    return K.where(c, x, y);
  })));
  attrs.set('manual_seed', new HostFunction('manual_seed', (a, k) => {
    const s = arg(a, k, 0, 'seed');
    defaultGenerator.manualSeed(typeof s === 'bigint' ? s : BigInt(int(s, 'seed')));
    return attrs.get('default_generator')!;
  }));
  attrs.set('Generator', new HostFunction('Generator', () => new PyGenerator()));
  attrs.set('default_generator', new PyGenerator(defaultGenerator));
  attrs.set('initial_seed', new HostFunction('initial_seed', () => defaultGenerator.initialSeed()));
  attrs.set('seed', new HostFunction('seed', () => defaultGenerator.seedRandomly()));
  // torch.save / torch.load: serialization.ts (they need the run's file system, set in index.ts).
  attrs.set('no_grad', gradModeClass('no_grad', false));
  attrs.set('enable_grad', gradModeClass('enable_grad', true));
  attrs.set('inference_mode', gradModeClass('inference_mode', false));
  attrs.set('set_grad_enabled', setGradEnabledFn);
  attrs.set('is_grad_enabled', isGradEnabledFn);
  attrs.set('is_tensor', new HostFunction('is_tensor', (a) => a[0] instanceof Tensor));
  attrs.set('is_floating_point', new HostFunction('is_floating_point', (a) => a[0] instanceof Tensor && a[0].isFloatingPoint()));
  attrs.set('typename', new HostFunction('typename', (a) => (a[0] instanceof Tensor ? a[0].typeName() : typeNameOf(a[0]))));
  attrs.set('device', new HostFunction('device', (a) => guard(() => makeDevice(a[0] ?? null))));
  attrs.set('get_default_dtype', new HostFunction('get_default_dtype', () => dtypeOf(defaultFloat())));
  attrs.set('set_default_dtype', new HostFunction('set_default_dtype', (a) => {
    const d = a[0];
    if (!(d instanceof PyDType) || (d.engine !== 'float32' && d.engine !== 'float64')) {
      throw new PyError('TypeError', 'only floating-point types are supported as the default type');
    }
    setDefaultFloat(d.engine);
    return null;
  }));
  attrs.set('set_num_threads', new HostFunction('set_num_threads', () => null));
  attrs.set('set_printoptions', new HostFunction('set_printoptions', () => null));
  attrs.set('from_numpy', new HostFunction('from_numpy', (a) => {
    if (!(a[0] instanceof NdArray)) throw new PyError('TypeError', `expected np.ndarray (got ${typeNameOf(a[0])})`);
    return tensorFromNdarray(a[0]);
  }));
  attrs.set('Tensor', tensorClass());
  attrs.set('inf', Infinity);
  attrs.set('nan', NaN);
  attrs.set('pi', Math.PI);
  attrs.set('e', Math.E);
  attrs.set('__version__', '2.1.0+lossLens');
  for (const [n, d] of DTYPE_NAMES) attrs.set(n, d);
  attrs.set('cpu', CPU);
  attrs.set('cuda', new HostModule('torch.cuda', new Map<string, PyValue>([
    ['is_available', new HostFunction('is_available', () => false)],
    ['device_count', new HostFunction('device_count', () => 0n)],
    ['manual_seed', new HostFunction('manual_seed', () => null)],
    ['manual_seed_all', new HostFunction('manual_seed_all', () => null)],
  ])));
  installExtraAttributes(attrs);
  return attrs;
}
