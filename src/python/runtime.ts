// The object protocol: types, calls and iteration over every kind of Python value (interpreter objects,
// built-in values and HostObjects). Attribute access lives in attributes.ts and is re-exported here.
import {
  HostFunction, NO_METHOD, PyDict, PyList, PySlice, PyTuple, PyError, isHost, type PyValue, type HostObject,
} from './host';
import {
  BoundMethod, ClassMethod, OBJECT, PyClass, PyException, PyFunction, PyInstance, PyIterator,
  PyModule, PyRange, PySet, PySuper, Property, StaticMethod, TYPE, makeException, notSupported, pyErr, BASE_EXCEPTION, PyDictView,
} from './objects';
import { EXC_INIT, OBJECT_BUILTINS, OBJECT_INIT, attributeError, getAttrOrUndefined } from './attributes';

export {
  OBJECT_SETATTR, OBJECT_INIT, EXC_INIT, attributeError, delAttr, forbiddenAttr, genericSetAttr, getAllowedAttr, getAttr,
  getAttrOrUndefined, setAttr,
} from './attributes';

/** What the interpreter provides to the protocol functions (set while it runs). */
export interface Runtime {
  /** Throws StopRun when the embedder asked to stop (native loops that run no Python code call this). */
  checkStop(): void;
  invoke(fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue;
  /** Built-in methods of str/list/dict… (methods.ts), looked up by type name. */
  builtinMethod(obj: PyValue, name: string): PyValue | undefined;
}
let active: Runtime | null = null;
export function setRuntime(r: Runtime | null): Runtime | null { const prev = active; active = r; return prev; }
export function rt(): Runtime {
  if (!active) throw new Error('no active Python interpreter');
  return active;
}

export const EMPTY_KWARGS: Map<string, PyValue> = new Map();

function nativeClass(name: string, bases: PyClass[] = [OBJECT]): PyClass {
  const c = new PyClass(name, bases, new Map());
  c.builtin = true;
  return c;
}
export const INT = nativeClass('int');
export const BOOL = nativeClass('bool', [INT]);
export const FLOAT = nativeClass('float');
export const STR = nativeClass('str');
export const LIST = nativeClass('list');
export const TUPLE = nativeClass('tuple');
export const DICT = nativeClass('dict');
export const SET = nativeClass('set');
export const NONETYPE = nativeClass('NoneType');
export const RANGE = nativeClass('range');
export const SLICE = nativeClass('slice');
const hostTypes = new Map<string, PyClass>();
const misc = new Map<string, PyClass>();
function miscClass(name: string): PyClass {
  let c = misc.get(name);
  if (!c) { c = nativeClass(name); misc.set(name, c); }
  return c;
}

export function typeOf(v: PyValue): PyClass {
  switch (typeof v) {
    case 'bigint': return INT;
    case 'number': return FLOAT;
    case 'boolean': return BOOL;
    case 'string': return STR;
  }
  if (v === null) return NONETYPE;
  if (v instanceof PyInstance) return v.cls;
  if (v instanceof PyList) return LIST;
  if (v instanceof PyTuple) return TUPLE;
  if (v instanceof PyDict) return DICT;
  if (v instanceof PySet) return SET;
  if (v instanceof PyRange) return RANGE;
  if (v instanceof PySlice) return SLICE;
  if (v instanceof PyClass) return TYPE;
  if (isHost(v)) {
    const n = v.pyTypeName();
    let c = hostTypes.get(n);
    if (!c) { c = nativeClass(n); hostTypes.set(n, c); }
    return c;
  }
  return miscClass(typeName(v));
}

export function typeName(v: PyValue): string {
  switch (typeof v) {
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'boolean': return 'bool';
    case 'string': return 'str';
  }
  if (v === null) return 'NoneType';
  if (v instanceof PyInstance) return v.cls.name;
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PyClass) return 'type';
  if (v instanceof PyFunction) return 'function';
  if (v instanceof BoundMethod) return 'method';
  if (v instanceof PyModule) return 'module';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PySlice) return 'slice';
  if (v instanceof PyIterator) return v.typeName;
  if (v instanceof PyDictView) return `dict_${v.kind}`;
  if (v instanceof StaticMethod) return 'staticmethod';
  if (v instanceof ClassMethod) return 'classmethod';
  if (v instanceof Property) return 'property';
  if (v instanceof PySuper) return 'super';
  if (isHost(v)) return v.pyTypeName();
  return 'object';
}

// ----- calls -----------------------------------------------------------------------------------------

export function call(fn: PyValue, args: PyValue[], kwargs: Map<string, PyValue> | null = null): PyValue {
  if (fn instanceof PyFunction) return rt().invoke(fn, args, kwargs);
  if (fn instanceof BoundMethod) return call(fn.fn, withSelf(fn.self, args), kwargs);
  if (isHost(fn)) {
    if (!fn.call) throw pyErr('TypeError', `'${fn.pyTypeName()}' object is not callable`);
    return fn.call(args, kwargs ?? EMPTY_KWARGS);
  }
  if (fn instanceof PyClass) return instantiate(fn, args, kwargs);
  if (fn instanceof PyInstance) {
    const m = fn.cls.lookup('__call__');
    if (m !== undefined) return callBound(m, fn, fn.cls, args, kwargs);
  }
  if (fn instanceof StaticMethod) return call(fn.fn, args, kwargs);
  throw pyErr('TypeError', `'${typeName(fn)}' object is not callable`);
}

export function instantiate(cls: PyClass, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue {
  if (cls.native) return cls.native.construct(args, kwargs);
  if (cls.lookup('__new__') !== undefined) throw notSupported('__new__');
  const inst = new PyInstance(cls);
  const isExc = cls.isSubclassOf(BASE_EXC());
  if (isExc) inst.dict.set('args', new PyTuple(args));
  const init = cls.lookup('__init__');
  if (init !== undefined && init !== OBJECT_INIT && init !== EXC_INIT) {
    const r = call(bindDescriptor(init, inst, cls), args, kwargs);
    if (r !== null) throw pyErr('TypeError', `__init__() should return None, not '${typeName(r)}'`);
  } else if (!isExc && (args.length > 0 || (kwargs && kwargs.size > 0))) {
    throw pyErr('TypeError', `${cls.name}() takes no arguments`);
  }
  return inst;
}
function BASE_EXC(): PyClass { return BASE_EXCEPTION; }

/** Class attribute seen through an instance (or class): functions bind, descriptors apply. */
export function bindDescriptor(attr: PyValue, obj: PyValue, cls: PyClass): PyValue {
  if (attr instanceof PyFunction) return new BoundMethod(obj, attr);
  if (attr instanceof StaticMethod) return attr.fn;
  if (attr instanceof ClassMethod) return new BoundMethod(cls, attr.fn);
  if (attr instanceof Property) {
    if (attr.fget === null) throw pyErr('AttributeError', 'unreadable attribute');
    return call(attr.fget, [obj]);
  }
  if (attr instanceof HostFunction && (attr as { pyMethod?: boolean }).pyMethod) return new BoundMethod(obj, attr);
  return attr;
}

/** `[self, ...args]` without the spread's iteration protocol (every method call goes through here). */
function withSelf(self: PyValue, args: PyValue[]): PyValue[] {
  const out: PyValue[] = [self];
  for (let i = 0; i < args.length; i++) out.push(args[i]);
  return out;
}

/** `call(bindDescriptor(attr, obj, cls), args, kwargs)` without allocating a bound method for plain methods. */
export function callBound(attr: PyValue, obj: PyValue, cls: PyClass, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue {
  if (attr instanceof PyFunction) return rt().invoke(attr, withSelf(obj, args), kwargs);
  if (attr instanceof HostFunction && (attr as { pyMethod?: boolean }).pyMethod) return attr.call(withSelf(obj, args), kwargs ?? EMPTY_KWARGS);
  return call(bindDescriptor(attr, obj, cls), args, kwargs);
}

/** Calls `obj.name(...)` without allocating a bound method for methods found on the class. */
export function callMethod(obj: PyValue, name: string, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue {
  if (obj instanceof PyInstance && !obj.dict.has(name)) {
    const m = obj.cls.lookup(name);
    if (m !== undefined && !(m instanceof Property)) return callBound(m, obj, obj.cls, args, kwargs);
  } else if (isHost(obj) && obj.callMethod !== undefined) {
    const r = obj.callMethod(name, args, kwargs ?? EMPTY_KWARGS);
    if (r !== NO_METHOD) return r;
  }
  const fn = getAttrOrUndefined(obj, name);
  if (fn === undefined) throw attributeError(obj, name);
  return call(fn, args, kwargs);
}

/** Calls obj.name(*args) if obj's class defines it; undefined when it does not. */
export function callMethodIfDefined(obj: PyInstance, name: string, args: PyValue[]): PyValue | undefined {
  const m = obj.cls.lookup(name);
  if (m === undefined || m === OBJECT_BUILTINS.get(name)) return undefined;
  return call(bindDescriptor(m, obj, obj.cls), args);
}

// ----- iteration ---------------------------------------------------------------------------------------

export function iterate(v: PyValue): Iterable<PyValue> {
  if (v instanceof PyList) return listIter(v);
  if (v instanceof PyTuple) return v.items;
  if (v instanceof PyRange) return rangeIter(v);
  if (typeof v === 'string') return v;
  if (v instanceof PyDict) return v.keys();
  if (v instanceof PySet) return [...v.values()];
  if (v instanceof PyIterator) return { [Symbol.iterator]: () => v.it };
  if (v instanceof PyDictView) {
    // Snapshot, so mutating the dict while iterating cannot confuse the walk.
    return v.snapshot();
  }
  if (isHost(v)) {
    if (v.iter) return v.iter();
    throw pyErr('TypeError', `'${v.pyTypeName()}' object is not iterable`);
  }
  if (v instanceof PyInstance) {
    const it = v.cls.lookup('__iter__');
    if (it !== undefined) {
      const iterator = call(bindDescriptor(it, v, v.cls), []);
      if (iterator instanceof PyInstance) return protocolIter(iterator);
      return iterate(iterator);
    }
    if (v.cls.lookup('__getitem__') !== undefined) return getitemIter(v);
  }
  throw pyErr('TypeError', `'${typeName(v)}' object is not iterable`);
}

/** Iterates by index so appending while iterating behaves like Python. */
function* listIter(l: PyList): Generator<PyValue> {
  for (let i = 0; i < l.items.length; i++) yield l.items[i];
}
function* rangeIter(r: PyRange): Generator<PyValue> {
  const { start, stop, step } = r;
  // sum(range(10**12)) runs no Python code per item: poll for a stop request now and then.
  let n = 0;
  if (step > 0n) for (let i = start; i < stop; i += step) { if ((++n & 0xfff) === 0) rt().checkStop(); yield i; }
  else for (let i = start; i > stop; i += step) { if ((++n & 0xfff) === 0) rt().checkStop(); yield i; }
}
export function* protocolIter(it: PyInstance): Generator<PyValue> {
  const next = it.cls.lookup('__next__');
  if (next === undefined) throw pyErr('TypeError', `iter() returned non-iterator of type '${it.cls.name}'`);
  const bound = bindDescriptor(next, it, it.cls);
  for (;;) {
    let v: PyValue;
    try { v = call(bound, []); } catch (e) {
      if (e instanceof PyException && e.pyType === 'StopIteration') return;
      throw e;
    }
    yield v;
  }
}
function* getitemIter(v: PyInstance): Generator<PyValue> {
  const gi = bindDescriptor(v.cls.lookup('__getitem__'), v, v.cls);
  for (let i = 0n; ; i++) {
    let x: PyValue;
    try { x = call(gi, [i]); } catch (e) {
      if (e instanceof PyException && (e.pyType === 'IndexError' || e.pyType === 'StopIteration')) return;
      throw e;
    }
    yield x;
  }
}

/**
 * Converts a native PyError, or a JavaScript limit hit while running Python code, into a Python exception:
 * a stack overflow is CPython's RecursionError; a string, array, Map or BigInt past JavaScript's size limits is
 * MemoryError (as CPython's allocators fail); a typed array too large is PyTorch's allocator error. Other
 * errors pass through.
 */
export function toPyException(e: unknown): unknown {
  if (e instanceof PyException) return e;
  if (e instanceof PyError) return new PyException(makeException(e.pyType, e.message), e.message);
  if (e instanceof RangeError) {
    const m = e.message;
    if (m.includes('call stack')) return pyErr('RecursionError', 'maximum recursion depth exceeded');
    const typed = /typed array length: (\d+)/.exec(m);
    if (typed) return pyErr('RuntimeError', allocatorMessage(BigInt(typed[1]) * 4n));
    if (/Invalid string length|Invalid array length|maximum size exceeded|Maximum BigInt size|Array buffer allocation failed/.test(m)) {
      return pyErr('MemoryError', '');
    }
  }
  return e;
}

/** PyTorch 1.13's CPU allocator failure, as torch.zeros(10**6, 10**6) reports it. */
export function allocatorMessage(bytes: bigint): string {
  return `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`;
}

export type { HostObject };
