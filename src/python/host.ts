// The boundary between the Python-subset interpreter and native (TypeScript) modules such as `torch`.
// Native code never sees interpreter internals: it receives Python values (see PyValue) and returns them.
// Keeping this file small and stable lets the engine/torch layer and the interpreter evolve separately.

/**
 * Python values as JavaScript values:
 *   int → bigint, float → number, bool → boolean, None → null, str → string,
 *   list → PyList, tuple → PyTuple, dict → PyDict, slice → PySlice,
 *   anything native (tensors, dtypes, generators…) → an object implementing HostObject,
 *   interpreter objects (functions, classes, instances, modules) → the interpreter's own classes.
 * `undefined` is never a Python value.
 */
export type PyValue = unknown;

export class PyList { constructor(public items: PyValue[]) {} }
export class PyTuple { constructor(public readonly items: readonly PyValue[]) {} }
export class PySlice { constructor(public start: PyValue, public stop: PyValue, public step: PyValue) {} }
/** Python `...` */
export const Ellipsis = Symbol.for('python.Ellipsis');
/** Returned by HostObject.binary/inplace/compare when the operation does not apply (Python's NotImplemented). */
export const NotImplemented = Symbol.for('python.NotImplemented');

/** A dict with Python key semantics for the keys snippets use (str, int, float, bool, None, tuples of those). */
export class PyDict {
  /** Most keys one dict (or set) may hold; set with the interpreter's size cap (limits.ts). */
  static maxSize = Infinity;
  private readonly map = new Map<string | number | bigint | boolean | null | object, [PyValue, PyValue]>();
  /**
   * The JS Map key of a Python key. Hot (every attribute-dict, kwargs and state lookup), so the common keys are
   * their own JS values with no allocation: str as itself, int/float/bool as a JS number (1 == 1.0 == True, as in
   * Python; the Map's SameValueZero makes -0.0 == 0.0 and nan a single key). Strings starting with NUL and tuples
   * get NUL-prefixed encodings that cannot meet a plain string.
   */
  private static norm(k: PyValue): string | number | bigint | boolean | null | object {
    switch (typeof k) {
      case 'string': return k.charCodeAt(0) === 0 ? `\u0000s${k}` : k;
      case 'number': return k;
      case 'bigint': { const n = Number(k); return Number.isFinite(n) ? n : k; }
      case 'boolean': return k ? 1 : 0;
    }
    if (k instanceof PyTuple) return `\u0000t${PyDict.tupleKey(k)}`;
    return k as object | null;
  }
  /** Objects inside tuple keys compare by identity: give each a stable id (String() would collide). */
  private static readonly ids = new WeakMap<object, number>();
  private static nextId = 1;
  private static tupleKey(t: PyTuple): string {
    let out = '(';
    for (const i of t.items) {
      switch (typeof i) {
        case 'string': out += `s${i.length}:${i}`; break;
        case 'number': out += `n${i}`; break;
        case 'bigint': out += `n${Number(i)}`; break;
        case 'boolean': out += i ? 'n1' : 'n0'; break;
        case 'symbol': out += String(i); break;
        default:
          if (i === null) out += 'N';
          else if (i instanceof PyTuple) out += PyDict.tupleKey(i);
          else {
            let id = PyDict.ids.get(i as object);
            if (id === undefined) { id = PyDict.nextId++; PyDict.ids.set(i as object, id); }
            out += `o${id}`;
          }
      }
      out += ',';
    }
    return out + ')';
  }
  get(k: PyValue): PyValue | undefined { return this.map.get(PyDict.norm(k))?.[1]; }
  set(k: PyValue, v: PyValue): void {
    const n = PyDict.norm(k);
    const old = this.map.get(n);
    if (old) old[1] = v;
    else {
      if (this.map.size >= PyDict.maxSize) throw new PyError('MemoryError', '');
      this.map.set(n, [k, v]);
    }
  }
  has(k: PyValue): boolean { return this.map.has(PyDict.norm(k)); }
  delete(k: PyValue): boolean { return this.map.delete(PyDict.norm(k)); }
  get size(): number { return this.map.size; }
  *entries(): IterableIterator<[PyValue, PyValue]> { for (const e of this.map.values()) yield [e[0], e[1]]; }
  *keys(): IterableIterator<PyValue> { for (const e of this.map.values()) yield e[0]; }
  *values(): IterableIterator<PyValue> { for (const e of this.map.values()) yield e[1]; }
  // Generator-free forms for the hot paths (a dict view in a for loop, the per-step parameter walk).
  keyList(): PyValue[] { const out: PyValue[] = []; for (const e of this.map.values()) out.push(e[0]); return out; }
  valueList(): PyValue[] { const out: PyValue[] = []; for (const e of this.map.values()) out.push(e[1]); return out; }
  forEach(f: (k: PyValue, v: PyValue) => void): void { for (const e of this.map.values()) f(e[0], e[1]); }
}

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^' | '<<' | '>>';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type UnaryOp = '-' | '+' | '~';

/** HostObject.callMethod's "not a plain method here: look the attribute up and call it". */
export const NO_METHOD = Symbol.for('lossLens.noMethod');

/** Marker so the interpreter can recognise native objects cheaply. */
export const HOST = Symbol.for('lossLens.host');

/**
 * A native object visible to Python. Every method is optional; a missing one means Python's usual
 * TypeError/AttributeError, raised by the interpreter with the snippet's line number.
 */
export interface HostObject {
  readonly [HOST]: true;
  /** Python type name used in error messages and `type(x).__name__`, e.g. "Tensor". */
  pyTypeName(): string;
  /** Attribute read; `undefined` means AttributeError. Methods are returned as callables (HostFunction). */
  getAttr?(name: string): PyValue | undefined;
  /** Attribute write; false means AttributeError. */
  setAttr?(name: string, value: PyValue): boolean;
  call?(args: PyValue[], kwargs: Map<string, PyValue>): PyValue;
  /**
   * `obj.name(*args, **kwargs)` in one step, without a bound-method object (`x.mean(0)` runs per op in training
   * loops). Must behave as getAttr(name) followed by calling the result; returns NO_METHOD when `name` is not a
   * plain method, and the interpreter then does exactly that.
   */
  callMethod?(name: string, args: PyValue[], kwargs: Map<string, PyValue>): PyValue;
  /** `self op other` (reflected=false) or `other op self` (reflected=true). */
  binary?(op: BinaryOp, other: PyValue, reflected: boolean): PyValue | typeof NotImplemented;
  /** In-place `self op= other`; return NotImplemented to fall back to `self = self op other`. */
  inplace?(op: BinaryOp, other: PyValue): PyValue | typeof NotImplemented;
  compare?(op: CompareOp, other: PyValue, reflected: boolean): PyValue | typeof NotImplemented;
  unary?(op: UnaryOp): PyValue;
  getItem?(key: PyValue): PyValue;
  setItem?(key: PyValue, value: PyValue): void;
  len?(): number;
  iter?(): Iterable<PyValue>;
  bool?(): boolean;
  /** Conversions used by int(), float(), and by formatting (`f"{loss:.3f}"` on a 0-d tensor). */
  toFloat?(): number;
  toInt?(): bigint;
  repr?(): string;
  str?(): string;
  format?(spec: string): string;
  /** Context manager protocol (`with torch.no_grad():`). */
  enter?(): PyValue;
  exit?(error: unknown): boolean | void;
}

export function isHost(v: PyValue): v is HostObject {
  return typeof v === 'object' && v !== null && (v as { [HOST]?: boolean })[HOST] === true;
}

/**
 * Raised by native code to surface a Python exception, e.g. new PyError('RuntimeError', 'mat1 and mat2 shapes
 * cannot be multiplied (64x1000 and 100x10)'). The interpreter attaches the snippet's line number.
 */
export class PyError extends Error {
  constructor(public readonly pyType: string, message: string) {
    super(message);
    this.name = pyType;
  }
}

/** A native function callable from Python. `self` binding is the caller's business (closures). */
export class HostFunction implements HostObject {
  readonly [HOST] = true as const;
  constructor(
    public readonly name: string,
    public readonly impl: (args: PyValue[], kwargs: Map<string, PyValue>) => PyValue,
  ) {}
  pyTypeName(): string { return 'builtin_function_or_method'; }
  call(args: PyValue[], kwargs: Map<string, PyValue>): PyValue { return this.impl(args, kwargs); }
  repr(): string { return `<built-in function ${this.name}>`; }
}

/** A native module (`torch`, `torch.nn.functional`, `math`…): a bag of attributes. */
export class HostModule implements HostObject {
  readonly [HOST] = true as const;
  constructor(public readonly name: string, public readonly attrs: Map<string, PyValue>) {}
  pyTypeName(): string { return 'module'; }
  getAttr(name: string): PyValue | undefined { return this.attrs.get(name); }
  setAttr(name: string, value: PyValue): boolean { this.attrs.set(name, value); return true; }
  repr(): string { return `<module '${this.name}'>`; }
}

/**
 * Binds positional and keyword arguments to a Python-style signature, so native functions give Python's
 * errors ("randn() got an unexpected keyword argument 'foo'"). Spec: names in order; "*name" collects the
 * rest of the positionals; a name with "=" has a default (defaults supplied in `defaults`).
 */
export function bindArgs(
  fname: string,
  params: readonly string[],
  args: readonly PyValue[],
  kwargs: ReadonlyMap<string, PyValue>,
  defaults: Readonly<Record<string, PyValue>> = {},
): Record<string, PyValue> {
  const out: Record<string, PyValue> = Object.create(null) as Record<string, PyValue>;
  let i = 0;
  for (const p of params) {
    if (p.startsWith('*')) { out[p.slice(1)] = new PyTuple(args.slice(i)); i = args.length; continue; }
    if (i < args.length) {
      if (kwargs.has(p)) throw new PyError('TypeError', `${fname}() got multiple values for argument '${p}'`);
      out[p] = args[i++];
    } else if (kwargs.has(p)) out[p] = kwargs.get(p);
    else if (Object.hasOwn(defaults, p)) out[p] = defaults[p];
    else throw new PyError('TypeError', `${fname}() missing required argument '${p}'`);
  }
  if (i < args.length) throw new PyError('TypeError', `${fname}() takes ${params.length} positional arguments but ${args.length} were given`);
  for (const k of kwargs.keys()) {
    if (!params.includes(k)) throw new PyError('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
  }
  return out;
}

/**
 * Optional extension for HostObjects that act as classes (e.g. `torch.Tensor`, `torch.nn.Parameter`):
 * `isinstance(x, C)` asks `C.isInstance(x)`.
 */
export interface HostClassLike { isInstance(value: PyValue): boolean }
export function isHostClass(v: PyValue): v is HostObject & HostClassLike {
  return isHost(v) && typeof (v as Partial<HostClassLike>).isInstance === 'function';
}
