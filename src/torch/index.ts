// The `torch` package for one interpreter: a module resolver for torch, torch.nn, torch.nn.functional,
// torch.nn.init, torch.optim, torch.autograd and numpy, plus the hooks the runner needs (every backward(),
// a module's named parameters). Native modules are TypeScript; nn/init/optim/autograd are Python prelude
// source run by the interpreter on first import, the way PyTorch layers its own Python over C++.
//
//   let env: TorchEnvironment;
//   const interp = new Interpreter({ resolveModule: (n) => env.resolveModule(n), ... });
//   env = createTorchEnvironment(interp, { warn: (m) => emit({ type: 'print', text: m + '\n' }) });
import { HostModule, PyDict, PyError, PyList, type PyValue } from '../python/host';
import { PyInstance, type PyClass } from '../python/objects';
import { Tensor } from '../engine/tensor';
import { backwardHooks } from '../engine/autograd';
import { PRELUDE_SOURCES } from './prelude/index';
import { installTensorProtocol } from './tensor_protocol';
import { makeFunctional } from './functional';
import { nativeHelpers, torchAttributes } from './torch_module';
import { makeNumpy } from './numpy';
import { makeRandom } from '../python/stdlib/random';
import { defaultGenerator } from '../engine/rng';
import { setDefaultFloat, setWarningSink } from './dtype';
import { makeSerialization } from './serialization';
import type { VirtualFS } from '../python/stdlib/index';

/** What the environment needs from the interpreter (src/python/interpreter.ts provides it). */
export interface TorchHost {
  runModule(name: string, source: string): PyValue;
  /** The run's in-memory file system, for torch.save/torch.load. */
  readonly files?: VirtualFS;
}

export interface TorchEnvironmentOptions {
  /** One-time warnings (float64 requested, implicit softmax dim, …). Default: dropped. */
  warn?(message: string): void;
}

export interface TorchEnvironment {
  /** For InterpreterOptions.resolveModule. */
  resolveModule(name: string): PyValue | undefined;
  /** Calls `cb(loss)` after every completed backward() (grads accumulated, before any zero_grad). Returns an unsubscribe. */
  onBackward(cb: (loss: Tensor) => void): () => void;
  /** True for instances of torch.nn.Module subclasses (user classes included). */
  isModule(v: PyValue): boolean;
  /** A module's parameters with PyTorch's dotted names (`0.weight`, `fc1.bias`), each tensor once. */
  namedParameters(module: PyValue): [string, Tensor][];
}

/** Lazily built attributes: submodules that are Python prelude. */
class LazyModule extends HostModule {
  constructor(name: string, attrs: Map<string, PyValue>, private readonly lazy: Map<string, () => PyValue>) { super(name, attrs); }
  override getAttr(name: string): PyValue | undefined {
    const v = this.attrs.get(name);
    if (v !== undefined) return v;
    const f = this.lazy.get(name);
    if (!f) {
      // Outside the supported subset: say so (a plain AttributeError would read like a typo in the snippet).
      if (this.name === 'torch' && /^[a-z]/.test(name)) throw new PyError('NotSupported', `torch.${name}`);
      return undefined;
    }
    const m = f();
    this.attrs.set(name, m);
    return m;
  }
}

export function createTorchEnvironment(interp: TorchHost, options: TorchEnvironmentOptions = {}): TorchEnvironment {
  installTensorProtocol();
  setWarningSink(options.warn ?? (() => { /* dropped */ }));
  setDefaultFloat('float32'); // each run starts with PyTorch's default
  const built = new Map<string, PyValue>();
  const functional = makeFunctional();
  const prelude = (name: string): PyValue => {
    let m = built.get(name);
    if (m === undefined) {
      m = interp.runModule(name, PRELUDE_SOURCES[name]);
      built.set(name, m);
    }
    return m;
  };
  // torch.nn.functional's Python half: names in its __all__, looked up before the native module says NotSupported.
  const nativeGet = functional.getAttr.bind(functional);
  functional.getAttr = (name: string): PyValue | undefined => {
    if (!functional.attrs.has(name) && !name.startsWith('_')) {
      const py = prelude('torch.nn._functional_py') as { dict?: Map<string, PyValue> };
      const all = py.dict?.get('__all__');
      if (all instanceof PyList && all.items.includes(name)) return py.dict!.get(name);
    }
    return nativeGet(name);
  };
  const native = nativeHelpers(functional, () => prelude('torch.nn.init'));
  // torch.nn.functional and torch.nn.init are reachable as attributes of torch.nn too.
  const nn = (): PyValue => {
    const m = prelude('torch.nn') as { dict?: Map<string, PyValue> };
    if (m.dict && !m.dict.has('functional')) {
      m.dict.set('functional', functional);
      m.dict.set('init', prelude('torch.nn.init'));
      const utils = prelude('torch.nn.utils') as { dict?: Map<string, PyValue> };
      utils.dict?.set('rnn', prelude('torch.nn.utils.rnn'));
      m.dict.set('utils', utils as PyValue);
    }
    return m;
  };
  const optim = (): PyValue => {
    const m = prelude('torch.optim') as { dict?: Map<string, PyValue> };
    if (m.dict && !m.dict.has('lr_scheduler')) m.dict.set('lr_scheduler', prelude('torch.optim.lr_scheduler'));
    return m;
  };
  const torch = new LazyModule('torch', torchAttributes(), new Map<string, () => PyValue>([
    ['nn', nn],
    ['optim', optim],
    ['autograd', () => prelude('torch.autograd')],
    ['distributions', () => prelude('torch.distributions')],
  ]));
  torch.attrs.set('_native', native);
  // torch.cuda.amp is Python (a CPU build's disabled autocast/GradScaler), loaded on first use.
  const cuda = torch.attrs.get('cuda');
  if (cuda instanceof HostModule) torch.attrs.set('cuda', new LazyModule('torch.cuda', cuda.attrs, new Map([['amp', () => prelude('torch.cuda.amp')]])));
  const { save, load } = makeSerialization(interp.files);
  torch.attrs.set('save', save);
  torch.attrs.set('load', load);
  const utils = new LazyModule('torch.utils', new Map(), new Map([['data', () => prelude('torch.utils.data')]]));
  torch.attrs.set('utils', utils);
  const numpy = makeNumpy();
  // Python's random, like numpy's, starts from the run's seed, so scripts that shuffle with it (d2l's data_iter) repeat
  const random = makeRandom(defaultGenerator.initialSeed());

  const resolve = (name: string): PyValue | undefined => {
    switch (name) {
      case 'torch': return torch;
      case 'torch.nn': return nn();
      case 'torch.nn.functional': return functional;
      case 'torch.nn.init': return prelude('torch.nn.init');
      case 'torch.optim': return optim();
      case 'torch.nn.utils': nn(); return prelude('torch.nn.utils');
      case 'torch.nn.utils.rnn': return prelude('torch.nn.utils.rnn');
      case 'torch.optim.lr_scheduler': return prelude('torch.optim.lr_scheduler');
      case 'torch.autograd': return prelude('torch.autograd');
      case 'torch.cuda.amp': return prelude('torch.cuda.amp');
      case 'torch.distributions': case 'torch.distributions.categorical': case 'torch.distributions.normal':
      case 'torch.distributions.bernoulli': case 'torch.distributions.kl':
        return prelude('torch.distributions');
      case 'torch.utils': return utils;
      case 'torch.utils.data': case 'torch.utils.data.dataset': case 'torch.utils.data.dataloader':
      case 'torch.utils.data.sampler':
        return prelude('torch.utils.data');
      // Where PyTorch defines what torch.nn exports: the same objects.
      case 'torch.nn.parameter': case 'torch.nn.modules': case 'torch.nn.modules.module': case 'torch.nn.modules.loss':
      case 'torch.nn.modules.linear': case 'torch.nn.modules.activation': case 'torch.nn.modules.conv':
      case 'torch.nn.modules.container': case 'torch.nn.modules.rnn':
        return nn();
      case 'numpy': return numpy;
      case 'random': return random;
      case 'torch.backends': case 'torch.backends.cudnn': case 'torch.backends.mps': case 'torch.cuda':
        return name.split('.').slice(1).reduce<PyValue | undefined>((m, n) => (m as HostModule | undefined)?.getAttr(n), torch);
      default:
        // A part of PyTorch (or of its ecosystem) this engine does not have: not the user's missing install.
        if (name.startsWith('torch.')) {
          // A submodule torch has as an attribute (torch.linalg …) imports as itself.
          const m = name.split('.').slice(1).reduce<PyValue | undefined>((o, n) => (o instanceof HostModule ? o.getAttr(n) : undefined), torch);
          if (m instanceof HostModule) return m;
        }
        // Only torch's own submodules: a separate package (torchvision …) is ModuleNotFoundError, as in a Python
        // without it (the PyTorch engine runs it where it is installed).
        if (name.startsWith('torch.')) {
          throw new PyError('NotSupported', `module ${name} (the built-in engine has torch, torch.nn, torch.optim, torch.utils.data, numpy and the standard library; Run with PyTorch for the rest)`);
        }
        return undefined;
    }
  };

  let moduleClass: PyClass | null = null;
  const isModule = (v: PyValue): boolean => {
    if (!(v instanceof PyInstance)) return false;
    if (!moduleClass) {
      const nnMod = built.get('torch.nn') as { dict?: Map<string, PyValue> } | undefined;
      moduleClass = (nnMod?.dict?.get('Module') as PyClass | undefined) ?? null;
      if (!moduleClass) return false;
    }
    return v.cls.isSubclassOf(moduleClass);
  };

  return {
    resolveModule: resolve,
    onBackward(cb) {
      backwardHooks.add(cb);
      return () => { backwardHooks.delete(cb); };
    },
    isModule,
    namedParameters: (m) => (isModule(m) ? namedParameters(m as PyInstance) : []),
  };
}

/** Module.named_parameters() read natively from the _parameters/_modules dicts (no Python runs in the hook). */
export function namedParameters(root: PyInstance): [string, Tensor][] {
  const out: [string, Tensor][] = [];
  const seenP = new Set<Tensor>();
  const seenM = new Set<PyInstance>();
  const walk = (m: PyInstance, prefix: string): void => {
    if (seenM.has(m)) return;
    seenM.add(m);
    const params = m.dict.get('_parameters');
    if (params instanceof PyDict) {
      params.forEach((k, v) => {
        if (v instanceof Tensor && !seenP.has(v)) { seenP.add(v); out.push([prefix + String(k), v]); }
      });
    }
    const mods = m.dict.get('_modules');
    if (mods instanceof PyDict) mods.forEach((k, v) => { if (v instanceof PyInstance) walk(v, `${prefix}${String(k)}.`); });
  };
  walk(root, '');
  return out;
}

export { installTensorProtocol, PARAMETERS } from './tensor_protocol';
export { tensorRepr } from './format';
