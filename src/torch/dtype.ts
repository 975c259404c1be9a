// torch dtypes, torch.device and torch.Size as Python values. float64 computes in float64 (engine/f64/).
import { HOST, HostFunction, PyError, PyTuple, type HostObject, type PyValue } from '../python/host';
import type { DType } from '../engine/tensor';
import { Generator, defaultGenerator } from '../engine/rng';
import { setDefaultFloat64 } from '../engine/f64/support';

export class PyDType implements HostObject {
  readonly [HOST] = true as const;
  constructor(
    /** PyTorch's name: torch.<name> is what repr prints. */
    readonly name: string,
    /** What the engine stores. */
    readonly engine: DType,
  ) {}
  pyTypeName(): string { return 'dtype'; }
  repr(): string { return `torch.${this.name}`; }
  str(): string { return this.repr(); }
  getAttr(name: string): PyValue | undefined {
    if (name === 'is_floating_point') return this.name.startsWith('float');
    if (name === 'is_complex') return false;
    if (name === 'is_signed') return this.name !== 'bool' && this.name !== 'uint8';
    if (name === 'itemsize') return BigInt(this.name === 'float64' || this.name === 'int64' ? 8 : this.name === 'bool' || this.name === 'uint8' ? 1 : 4);
    return undefined;
  }
}

export const float32 = new PyDType('float32', 'float32');
export const float64 = new PyDType('float64', 'float64');
export const int64 = new PyDType('int64', 'int64');
export const int32 = new PyDType('int32', 'int64');
export const bool = new PyDType('bool', 'bool');
/** Raw image bytes (MNIST's train_data): stored as int64, as int32 is (values do not wrap around at 256). */
export const uint8 = new PyDType('uint8', 'int64');

/** The dtype object a tensor of this engine dtype reports. */
export function dtypeOf(d: DType): PyDType { return d === 'float32' ? float32 : d === 'float64' ? float64 : d === 'int64' ? int64 : bool; }

/** Python names in the torch namespace: torch.float is torch.float32, torch.long is torch.int64. */
export const DTYPE_NAMES: ReadonlyArray<[string, PyDType]> = [
  ['float32', float32], ['float', float32], ['float64', float64], ['double', float64],
  ['int64', int64], ['long', int64], ['int32', int32], ['int', int32], ['bool', bool],
  ['uint8', uint8],
];

let warn: (msg: string) => void = () => { /* set by the environment */ };
const warned = new Set<string>();
export function setWarningSink(sink: (msg: string) => void): void { warn = sink; warned.clear(); }
export function warnOnce(key: string, msg: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  warn(msg);
}

/** torch.get_default_dtype(): the dtype of float factories and Python floats (per run, set_default_dtype). */
let defaultFloatDType: 'float32' | 'float64' = 'float32';
export function defaultFloat(): 'float32' | 'float64' { return defaultFloatDType; }
export function setDefaultFloat(d: 'float32' | 'float64'): void { defaultFloatDType = d; setDefaultFloat64(d === 'float64'); }

/** dtype= argument → engine dtype (null/absent → `dflt`). */
export function parseDType(v: PyValue, dflt: DType): DType {
  if (v === null || v === undefined) return dflt;
  if (v instanceof PyDType) {
    if (v === int32) warnOnce('int32', 'Loss Lens stores integer tensors as int64: torch.int32 is treated as torch.int64.');
    if (v === uint8) warnOnce('uint8', 'Loss Lens stores integer tensors as int64: torch.uint8 is treated as torch.int64 (values do not wrap around at 256).');
    return v.engine;
  }
  throw new PyError('TypeError', `dtype must be torch.dtype, not ${typeof v === 'string' ? 'str' : 'object'}`);
}

export class PyDevice implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly type: string) {}
  pyTypeName(): string { return 'device'; }
  repr(): string { return `device(type='${this.type}')`; }
  str(): string { return this.type; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'type') return this.type;
    if (name === 'index') return null;
    return undefined;
  }
  compare(op: string, other: PyValue): PyValue {
    const same = (other instanceof PyDevice && other.type === this.type) || other === this.type;
    if (op === '==') return same;
    if (op === '!=') return !same;
    return Symbol.for('python.NotImplemented');
  }
}

export const CPU = new PyDevice('cpu');

/** device= argument: only the CPU exists here; 'cuda' asks get a clear error rather than silently running on CPU. */
export function checkDevice(v: PyValue): void {
  if (v === null || v === undefined || v === CPU) return;
  const name = v instanceof PyDevice ? v.type : typeof v === 'string' ? v : null;
  if (name === 'cpu') return;
  if (name !== null && /^(cuda|mps)/.test(name)) noAccelerator(name);
  throw new PyError('RuntimeError', `Expected one of cpu, cuda device type at start of device string: ${String(name ?? v)}`);
}

/** What a CPU-only PyTorch build raises when a tensor or module is moved to 'cuda' / 'mps'. */
export function noAccelerator(device: string): never {
  if (device.startsWith('mps')) throw new PyError('RuntimeError', 'PyTorch is not linked with support for mps devices');
  throw new PyError('AssertionError', 'Torch not compiled with CUDA enabled');
}

/** torch.device(...) */
export function makeDevice(v: PyValue): PyDevice {
  if (v instanceof PyDevice) return v;
  // Naming an accelerator is fine in a CPU build; moving anything there is what fails.
  if (typeof v === 'string' && /^(cuda|mps)(:\d+)?$/.test(v)) return new PyDevice(v);
  checkDevice(v);
  if (typeof v === 'string' && v.startsWith('cpu')) return CPU;
  throw new PyError('RuntimeError', 'Expected a device string');
}

/** torch.Size: a real tuple for the interpreter (indexing, unpacking, ==), printed like PyTorch where supported. */
export class TorchSize extends PyTuple implements HostObject {
  readonly [HOST] = true as const;
  constructor(shape: readonly number[]) { super(shape.map((d) => BigInt(d))); }
  /** CPython's messages name a C type by its full tp_name ('torch.Size' object is not callable). */
  pyTypeName(): string { return 'torch.Size'; }
  repr(): string { return `torch.Size([${this.items.join(', ')}])`; }
  str(): string { return this.repr(); }
  len(): number { return this.items.length; }
  iter(): Iterable<PyValue> { return this.items; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'numel') return hostFn('numel', () => this.items.reduce((a, b) => (a as bigint) * (b as bigint), 1n));
    return undefined;
  }
}

function hostFn(name: string, f: () => PyValue): HostFunction { return new HostFunction(name, () => f()); }

/** torch.Generator: a private PyTorch-exact generator (default seed 67280421310721, as PyTorch's). */
export class PyGenerator implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly gen: Generator = new Generator(67280421310721n)) {}
  pyTypeName(): string { return 'Generator'; }
  repr(): string { return '<torch._C.Generator object>'; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'manual_seed') {
      return new HostFunction('manual_seed', (a) => {
        const s = a[0];
        if (typeof s !== 'bigint') throw new PyError('TypeError', 'manual_seed expected an int');
        this.gen.manualSeed(s);
        return this;
      });
    }
    if (name === 'initial_seed') return new HostFunction('initial_seed', () => this.gen.initialSeed());
    if (name === 'seed') return new HostFunction('seed', () => this.gen.seedRandomly());
    if (name === 'device') return CPU;
    return undefined;
  }
}

/** generator= keyword → engine generator (absent/None → the default one). */
export function generatorKw(k: ReadonlyMap<string, PyValue>): Generator {
  const g = k.get('generator');
  if (g === undefined || g === null) return defaultGenerator;
  if (g instanceof PyGenerator) return g.gen;
  throw new PyError('TypeError', 'generator must be a torch.Generator');
}
