// Makes the engine's Tensor itself a Python value: the HostObject protocol is installed on Tensor.prototype,
// so `is`, `.grad` identity and dict keys behave as in PyTorch with no wrapper objects. Operators map to engine
// ops; engine errors become Python exceptions (the interpreter adds the line number).
import { EngineError, Tensor } from '../engine/tensor';
import { HOST, HostFunction, NO_METHOD, NotImplemented, PyError, type BinaryOp, type CompareOp, type HostObject, type PyValue, type UnaryOp } from '../python/host';
import { formatValue } from '../python/format';
import type { Node } from '../engine/autograd';
import * as K from './kernels';
import { isScalar, typeNameOf } from './args';
import { CPU, defaultFloat, dtypeOf, TorchSize } from './dtype';
import { tensorRepr } from './format';
import { markPermuted } from './strides';
import { getIndex, setIndex } from './indexing';
import { METHODS, operand } from './tensor_methods';
import { hostValues, pyElement } from './int64';
import { installSelectMethods } from './tensor_select';

/** Tensors created by nn.Parameter (printed as "Parameter containing:", registered by Module.__setattr__). */
export const PARAMETERS = new WeakSet<Tensor>();

/** Runs native code, turning engine errors into Python exceptions. */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw engineError(e);
  }
}

/** What guard() rethrows: an engine error as the Python exception it stands for, anything else as is. */
function engineError(e: unknown): unknown {
  return e instanceof EngineError ? new PyError(e.pyType, e.message) : e;
}

/** grad_fn objects: one per autograd node, so `y.grad_fn is y.grad_fn` holds. */
const gradFns = new WeakMap<Node, HostObject>();
function gradFnValue(n: Node): HostObject {
  let g = gradFns.get(n);
  if (!g) {
    const name = n.op.name === 'CustomFunctionBackward' ? (n.p as { name: string }).name : n.name;
    g = {
      [HOST]: true,
      pyTypeName: () => name,
      repr: () => `<${name} object>`,
      getAttr: (a: string) => (a === 'name' ? new HostFunction('name', () => name) : undefined),
    };
    gradFns.set(n, g);
  }
  return g;
}

type Prop = (t: Tensor) => PyValue;
const PROPS = new Map<string, Prop>([
  ['shape', (t) => new TorchSize(t.shape)],
  ['dtype', (t) => dtypeOf(t.dtype)],
  ['device', () => CPU],
  ['grad', (t) => t.grad],
  ['data', (t) => t.data],
  ['requires_grad', (t) => t.requiresGrad],
  ['is_leaf', (t) => t.isLeaf],
  ['grad_fn', (t) => (t.gradFn ? gradFnValue(t.gradFn) : null)],
  ['T', (t) => { const p = t.shape.map((_, i) => t.ndim - 1 - i); return t.ndim < 2 ? t : markPermuted(K.permute(t, p), t, p); }],
  ['mT', (t) => markPermuted(K.transpose(t, -2, -1), t, t.shape.map((_, i) => (i === t.ndim - 2 ? t.ndim - 1 : i === t.ndim - 1 ? t.ndim - 2 : i)))],
  ['ndim', (t) => BigInt(t.ndim)],
  ['is_cuda', () => false],
  ['is_sparse', () => false],
]);

const BINARY: Partial<Record<BinaryOp, (a: K.Operand, b: K.Operand) => Tensor>> = {
  '+': (a, b) => K.add(a, b),
  '-': (a, b) => K.sub(a, b),
  '*': K.mul,
  '/': K.div,
  '**': K.pow,
  '//': (a, b) => K.floorDivide(a, b),
  '%': (a, b) => K.remainder(a, b),
  '&': (a, b) => K.bitwise('and', a, b),
  '|': (a, b) => K.bitwise('or', a, b),
  '^': (a, b) => K.bitwise('xor', a, b),
  '<<': (a, b) => K.bitwise('lshift', a, b),
  '>>': (a, b) => K.bitwise('rshift', a, b),
  '@': (a, b) => {
    if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new PyError('TypeError', 'matmul: both operands must be tensors');
    return K.matmul(a, b);
  },
};
const COMPARE: Record<CompareOp, (a: K.Operand, b: K.Operand) => Tensor> = {
  '<': K.lt, '<=': K.le, '>': K.gt, '>=': K.ge, '==': K.eq, '!=': K.ne,
};

function one(t: Tensor, what: string): number {
  if (t.numel() !== 1) {
    if (what === 'bool') {
      throw new PyError('RuntimeError', `Boolean value of Tensor with ${t.numel() === 0 ? 'no values' : 'more than one value'} is ambiguous`);
    }
    throw new PyError('ValueError', 'only one element tensors can be converted to Python scalars');
  }
  return t.item();
}

function setGrad(t: Tensor, v: PyValue): boolean {
  if (v === null) { t.grad = null; return true; }
  if (!(v instanceof Tensor)) throw new PyError('TypeError', `assigned grad expected to be a Tensor or None but got grad of type ${typeNameOf(v)}`);
  if (v.shape.join() !== t.shape.join()) throw new PyError('RuntimeError', 'assigned grad has data of a different size');
  t.grad = v;
  return true;
}

const protocol: Omit<HostObject, typeof HOST> & ThisType<Tensor> = {
  // Parameters report 'Tensor' too, so isinstance(p, torch.Tensor) holds (the interpreter keys host classes by name).
  pyTypeName() { return 'Tensor'; },
  getAttr(this: Tensor, name: string) {
    const p = PROPS.get(name);
    if (p) {
      try { return p(this); } catch (e) { throw engineError(e); }
    }
    const m = METHODS.get(name);
    if (!m) return undefined;
    return new HostFunction(name, (a, k) => guard(() => m(this, a, k)));
  },
  callMethod(this: Tensor, name: string, a: PyValue[], k: Map<string, PyValue>) {
    // getAttr's method case without the HostFunction and closures it allocates.
    if (PROPS.has(name)) return NO_METHOD;
    const m = METHODS.get(name);
    if (!m) return NO_METHOD;
    try { return m(this, a, k); } catch (e) { throw engineError(e); }
  },
  setAttr(this: Tensor, name: string, v: PyValue) {
    if (name === 'grad') return setGrad(this, v);
    if (name === 'data') {
      if (!(v instanceof Tensor)) throw new PyError('TypeError', `Tensor.data must be a Tensor, not ${typeNameOf(v)}`);
      this.setData(v);
      return true;
    }
    if (name === 'requires_grad') { guard(() => this.requiresGrad_(v === true)); return true; }
    return false;
  },
  binary(this: Tensor, op: BinaryOp, other: PyValue, reflected: boolean) {
    const f = BINARY[op];
    if (!f || !(other instanceof Tensor || isScalar(other))) return NotImplemented;
    return guard(() => (reflected ? f(other, this) : f(this, other)));
  },
  inplace(this: Tensor, op: BinaryOp, other: PyValue) {
    const f = BINARY[op];
    if (!f || op === '@' || !(other instanceof Tensor || isScalar(other))) return NotImplemented;
    return guard(() => K.inplace(this, () => f(this, operand(other, op))));
  },
  compare(this: Tensor, op: CompareOp, other: PyValue) {
    if (!(other instanceof Tensor || isScalar(other))) return NotImplemented;
    return guard(() => COMPARE[op](this, other));
  },
  unary(this: Tensor, op: UnaryOp) {
    return guard(() => (op === '-' ? K.neg(this) : op === '+' ? this : K.bitwiseNot(this)));
  },
  getItem(this: Tensor, key: PyValue) { return guard(() => getIndex(this, key)); },
  setItem(this: Tensor, key: PyValue, value: PyValue) { guard(() => setIndex(this, key, value)); },
  len(this: Tensor) {
    if (this.ndim === 0) throw new PyError('TypeError', 'len() of a 0-d tensor');
    return this.shape[0];
  },
  iter(this: Tensor) {
    if (this.ndim === 0) throw new PyError('TypeError', 'iteration over a 0-d tensor');
    const n = this.shape[0];
    const self = this;
    return (function* () { for (let i = 0; i < n; i++) yield guard(() => getIndex(self, BigInt(i))); })();
  },
  bool(this: Tensor) { return one(this, 'bool') !== 0; },
  toFloat(this: Tensor) { return one(this, 'float'); },
  toInt(this: Tensor) {
    const v = one(this, 'int');
    if (!Number.isFinite(v)) throw new PyError('ValueError', `cannot convert float ${Number.isNaN(v) ? 'NaN' : 'infinity'} to integer`);
    return BigInt(Math.trunc(v));
  },
  repr(this: Tensor) {
    return tensorRepr({ shape: this.shape, data: hostValues(this), dtype: this.dtype }, {
      gradFn: this.gradFn ? (gradFnValue(this.gradFn).pyTypeName()) : null,
      requiresGrad: this.requiresGrad,
      isParameter: PARAMETERS.has(this),
      defaultFloat: defaultFloat(),
    });
  },
  str(this: Tensor) { return (this as unknown as HostObject).repr!(); },
  format(this: Tensor, spec: string) {
    // PyTorch formats 0-d tensors (not Parameters) as their Python scalar, also with an empty spec
    // (f"{loss}" → 0.6931...); anything else prints as str() and refuses a non-empty spec.
    if (spec === '' && (this.ndim !== 0 || PARAMETERS.has(this))) return (this as unknown as HostObject).repr!();
    if (this.ndim !== 0) throw new PyError('TypeError', 'unsupported format string passed to Tensor.__format__');
    const v = this.item();
    return formatValue(pyElement(hostValues(this)[0] ?? v, this.dtype), spec);
  },
};

let installed = false;
/** Installs the protocol once per process (idempotent). */
export function installTensorProtocol(): void {
  if (installed) return;
  installed = true;
  installSelectMethods();
  const proto = Tensor.prototype as unknown as Record<string | symbol, unknown>;
  proto[HOST] = true;
  for (const [k, v] of Object.entries(protocol)) proto[k] = v;
}
