// More of the torch namespace and Tensor methods: multinomial sampling, triu/tril, gradient hooks, the legacy
// typed constructors (torch.FloatTensor, torch.LongTensor, …) and the accelerator flags a CPU build reports.
import { NdArray } from './numpy';
import { HOST, HostFunction, HostModule, PyError, type HostObject, type PyValue } from '../python/host';
import { call } from '../python/runtime';
import { Tensor, type GradHook } from '../engine/tensor';
import * as K from './kernels';
import { arg, bool, int, seqItems, typeNameOf, type Kw } from './args';
import { PyDType, bool as boolT, float32, float64, generatorKw, int32, int64 } from './dtype';
import { METHODS, type Method } from './tensor_methods';
import { guard } from './tensor_protocol';
import { installPadMethods, padAttributes } from './torch_pad';
import { installLinalgMethods, linalgAttributes } from './torch_linalg';

/** torch.utils.hooks.RemovableHandle: what register_hook returns. */
class RemovableHandle implements HostObject {
  readonly [HOST] = true as const;
  constructor(private readonly list: GradHook[], private readonly hook: GradHook) {}
  pyTypeName(): string { return 'RemovableHandle'; }
  getAttr(name: string): PyValue | undefined {
    if (name !== 'remove') return undefined;
    return new HostFunction('remove', () => {
      const i = this.list.indexOf(this.hook);
      if (i >= 0) this.list.splice(i, 1);
      return null;
    });
  }
  repr(): string { return '<torch.utils.hooks.RemovableHandle object>'; }
}

const multinomial: Method = (t, a, k) => {
  const n = arg(a, k, 0, 'num_samples');
  if (n === undefined) throw new PyError('TypeError', "multinomial() missing 1 required positional arguments: \"num_samples\"");
  return K.multinomial(t, int(n, 'num_samples'), bool(arg(a, k, 1, 'replacement'), false), generatorKw(k));
};

const triangle = (upper: boolean): Method => (t, a, k) => {
  const d = int(arg(a, k, 0, 'diagonal') ?? 0n, 'diagonal');
  return upper ? K.triu(t, d) : K.tril(t, d);
};

const registerHook: Method = (t, a, k) => {
  const fn = arg(a, k, 0, 'hook');
  if (!t.requiresGrad) throw new PyError('RuntimeError', "cannot register a hook on a tensor that doesn't require gradient");
  const list = t.gradFn ? t.gradFn.gradHooks : t.gradHooks;
  const hook: GradHook = (g) => {
    const r = call(fn ?? null, [g]);
    if (r === null) return null;
    if (!(r instanceof Tensor)) throw new PyError('TypeError', `expected Tensor or None (got ${typeNameOf(r)})`);
    return r;
  };
  list.push(hook);
  return new RemovableHandle(list, hook);
};

export function installExtraMethods(): void {
  METHODS.set('multinomial', multinomial);
  METHODS.set('triu', triangle(true));
  METHODS.set('tril', triangle(false));
  METHODS.set('triu_', (t, a, k) => K.inplace(t, () => triangle(true)(t, a, k) as Tensor));
  METHODS.set('tril_', (t, a, k) => K.inplace(t, () => triangle(false)(t, a, k) as Tensor));
  METHODS.set('register_hook', registerHook);
}

/** torch.<name>(input, ...) through the Tensor method of the same name. */
function viaMethod(name: string): HostFunction {
  const m = METHODS.get(name)!;
  return new HostFunction(name, (a, k) => guard(() => {
    const x = a.length ? a[0] : k.get('input');
    if (!(x instanceof Tensor)) throw new PyError('TypeError', `${name}(): argument 'input' (position 1) must be Tensor, not ${typeNameOf(x ?? null)}`);
    const rest = new Map(k);
    rest.delete('input');
    return m(x, a.slice(1), rest);
  }));
}

/** torch.FloatTensor(data) / torch.FloatTensor(*sizes): the legacy constructors (sizes give zeros here). */
function legacyConstructor(name: string, dtype: PyDType, tensorFn: PyValue): HostFunction {
  return new HostFunction(name, (a, k: Kw) => guard(() => {
    if (a.length === 1 && (seqItems(a[0]) || a[0] instanceof Tensor || a[0] instanceof NdArray)) {
      return call(tensorFn, [a[0] instanceof Tensor ? a[0].detach() : a[0]], new Map([['dtype', dtype]]));
    }
    const dims = a.map((d) => {
      if (typeof d !== 'bigint') throw new PyError('TypeError', `new(): invalid data type '${typeNameOf(d)}'`);
      return int(d, 'size');
    });
    void k;
    return K.full(dims.length ? dims : [0], 0, dtype.engine);
  }));
}

function flags(name: string, entries: [string, PyValue][]): HostModule {
  return new HostModule(name, new Map<string, PyValue>(entries));
}

/** Adds the extra torch attributes (called once by torchAttributes). */
export function installExtraAttributes(attrs: Map<string, PyValue>): void {
  installExtraMethods();
  installPadMethods();
  installLinalgMethods();
  for (const n of ['multinomial', 'triu', 'tril']) attrs.set(n, viaMethod(n));
  for (const [n, f] of padAttributes()) attrs.set(n, f);
  for (const [n, f] of linalgAttributes(viaMethod)) attrs.set(n, f);
  const tensorFn = attrs.get('tensor')!;
  for (const [n, d] of [['FloatTensor', float32], ['DoubleTensor', float64], ['LongTensor', int64], ['IntTensor', int32], ['BoolTensor', boolT]] as const) {
    attrs.set(n, legacyConstructor(n, d, tensorFn));
  }
  const no = (n: string): HostFunction => new HostFunction(n, () => false);
  // A CPU build of PyTorch 1.13 reports these (cudnn.enabled stays True; nothing uses it).
  const cudnn = flags('torch.backends.cudnn', [['enabled', true], ['benchmark', false], ['deterministic', false],
    ['allow_tf32', true], ['is_available', no('is_available')], ['version', new HostFunction('version', () => null)]]);
  const mps = flags('torch.backends.mps', [['is_available', no('is_available')], ['is_built', no('is_built')]]);
  const cuda = flags('torch.backends.cuda', [['is_built', no('is_built')]]);
  attrs.set('backends', flags('torch.backends', [['cudnn', cudnn], ['mps', mps], ['cuda', cuda]]));
  attrs.set('use_deterministic_algorithms', new HostFunction('use_deterministic_algorithms', () => null));
}
