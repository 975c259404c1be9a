// The interpreter's object model: classes, instances, functions, modules, sets, iterators and exceptions.
// Plain data holders; behaviour (attribute protocol, operators) lives in attrs.ts and ops.ts.
import { PyDict, PyTuple, type PyValue } from './host';

/** A lexical scope at run time: a function's locals, linked to the enclosing function's scope (closures). */
/**
 * One run-time scope. Module, class and comprehension scopes keep their variables in a Map; a function's locals
 * live in `slots`, resolved to indices at compile time (`names[i]` is slot i's name, unbound slots hold undefined).
 */
export class Scope {
  constructor(
    private readonly map: Map<string, PyValue> | null,
    public readonly up: Scope | null,
    public readonly slots: PyValue[] | null = null,
    public readonly names: readonly string[] | null = null,
  ) {}

  /** The variables as a Map: the scope's own Map, or for a function a snapshot of its bound slots (read only). */
  get vars(): Map<string, PyValue> {
    if (this.map !== null) return this.map;
    const m = new Map<string, PyValue>();
    const slots = this.slots!, names = this.names!;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) m.set(names[i], slots[i]);
    return m;
  }

  /** Calls `fn` with every bound value (memory sweeps' roots), without building a Map. */
  forEachValue(fn: (v: PyValue) => void): void {
    if (this.map !== null) { this.map.forEach((v) => fn(v)); return; }
    const slots = this.slots!;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) fn(slots[i]);
  }

  /** The value bound to `name` here, or undefined. */
  lookup(name: string): PyValue | undefined {
    if (this.map !== null) return this.map.get(name);
    const i = this.names!.indexOf(name);
    return i < 0 ? undefined : this.slots![i];
  }

  /** Unbinds `name` here (the `except ... as name` target after its handler). */
  unbind(name: string): void {
    if (this.map !== null) { this.map.delete(name); return; }
    const i = this.names!.indexOf(name);
    if (i >= 0) this.slots![i] = undefined;
  }
}

/** Behaviour of a built-in type (int, str, list…): how calling it constructs a value. */
export interface NativeType {
  construct(args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue;
}

/** Bumped by every change to any class namespace: one compare tells a lookup cache it may still be used. */
let classEpoch = 0;
const MISSING = Symbol('missing');

/** A class namespace: a Map whose changes invalidate every class's lookup cache (see PyClass.lookup). */
class ClassDict extends Map<string, PyValue> {
  override set(k: string, v: PyValue): this { classEpoch++; return super.set(k, v); }
  override delete(k: string): boolean { classEpoch++; return super.delete(k); }
  override clear(): void { classEpoch++; super.clear(); }
}

export class PyClass {
  readonly mro: PyClass[];
  native?: NativeType;
  /** Built-in classes cannot be mutated from Python (they are shared by every interpreter). */
  builtin = false;
  readonly dict: Map<string, PyValue>;
  // Private fields stay out of memory sweeps' property walks: the cache only repeats what the dicts hold.
  #cache = new Map<string, PyValue>();
  #epoch = -1;
  constructor(
    public readonly name: string,
    public readonly bases: PyClass[],
    dict: Map<string, PyValue>,
    public readonly module = 'builtins',
  ) {
    this.dict = new ClassDict(dict);
    // Linearisation good enough for single inheritance and simple diamonds: depth-first, keep the last
    // occurrence (so shared bases such as object come after all their subclasses).
    const seq: PyClass[] = [this];
    for (const b of bases) seq.push(...b.mro);
    this.mro = seq.filter((c, i) => seq.lastIndexOf(c) === i);
  }
  /** The attribute `name` from the first class of the MRO defining it, memoised until any class changes. */
  lookup(name: string): PyValue | undefined {
    const cache = this.#cache;
    // Names made up at run time (getattr(o, f'x{i}')) must not grow the cache without bound.
    if (this.#epoch !== classEpoch || cache.size > 512) { cache.clear(); this.#epoch = classEpoch; }
    const hit = cache.get(name);
    if (hit !== undefined) return hit === MISSING ? undefined : hit;
    const mro = this.mro;
    for (let i = 0; i < mro.length; i++) {
      const v = mro[i].dict.get(name);
      if (v !== undefined) { cache.set(name, v); return v; }
    }
    cache.set(name, MISSING);
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean { return this === other || this.mro.includes(other); }
}

export class PyInstance {
  readonly dict = new Map<string, PyValue>();
  constructor(public readonly cls: PyClass) {}
}

export interface ParamSpec {
  /** Positional-or-keyword parameter names, in order. */
  names: string[];
  /** Number of trailing `names` that have defaults. */
  nDefaults: number;
  varargs: string | null;
  kwonly: string[];
  varkw: string | null;
}

/** Compiled code of a def or lambda. */
export interface FunctionCode {
  name: string;
  file: string;
  line: number;
  params: ParamSpec;
  /** Names of the function's local slots, parameters first in paramNames order (complete once compiled). */
  slotNames: readonly string[];
  /** Returns the function's result (None when the body falls off the end). */
  run(frame: unknown): PyValue;
}

export class PyFunction {
  /** Set when the def sits in a class body: what zero-argument super() refers to. */
  ownerClass: PyClass | null = null;
  readonly attrs = new Map<string, PyValue>();
  constructor(
    public readonly code: FunctionCode,
    public readonly defaults: PyValue[],
    public readonly kwDefaults: Map<string, PyValue>,
    public readonly closure: Scope | null,
    public readonly globals: Map<string, PyValue>,
    public qualname: string,
  ) {}
  get name(): string { return this.code.name; }
}

export class BoundMethod {
  constructor(public readonly self: PyValue, public readonly fn: PyValue) {}
}
export class StaticMethod { constructor(public readonly fn: PyValue) {} }
export class ClassMethod { constructor(public readonly fn: PyValue) {} }
export class Property {
  constructor(public readonly fget: PyValue, public readonly fset: PyValue, public readonly fdel: PyValue) {}
}
export class PySuper { constructor(public readonly thisClass: PyClass, public readonly obj: PyValue) {} }

/** A module built from Python source (runModule) — its attributes are its globals. */
export class PyModule {
  constructor(public readonly name: string, public readonly dict: Map<string, PyValue>) {}
}

/** set(): keys kept in a PyDict so they follow dict key semantics. */
export class PySet {
  readonly items = new PyDict();
  constructor(values: Iterable<PyValue> = []) { for (const v of values) this.items.set(v, true); }
  has(v: PyValue): boolean { return this.items.has(v); }
  add(v: PyValue): void { this.items.set(v, true); }
  *values(): IterableIterator<PyValue> { yield* this.items.keys(); }
  get size(): number { return this.items.size; }
}

/** Python iterator over a JS iterator (iter(), zip(), enumerate(), map()…). */
export class PyIterator {
  /** `source`: what the iterator reads from, so reachability walks (roots) can see through it. */
  constructor(public readonly it: Iterator<PyValue>, public readonly typeName = 'iterator', public readonly source: PyValue = null,
    /** More values the iterator holds (a suspended generator's locals), for the same reachability walks. */
    public readonly roots: (() => PyValue[]) | null = null) {}
}

/** dict.keys()/values()/items(): live views with len() and repeated iteration. */
export class PyDictView {
  constructor(public readonly dict: PyDict, public readonly kind: 'keys' | 'values' | 'items') {}
  *values(): IterableIterator<PyValue> {
    if (this.kind === 'keys') yield* this.dict.keys();
    else if (this.kind === 'values') yield* this.dict.values();
    else for (const [k, v] of this.dict.entries()) yield new PyTuple([k, v]);
  }
  /** The view's items as a fresh array (what iterating it walks, so changing the dict meanwhile is harmless). */
  snapshot(): PyValue[] {
    if (this.kind === 'keys') return this.dict.keyList();
    if (this.kind === 'values') return this.dict.valueList();
    const out: PyValue[] = [];
    this.dict.forEach((k, v) => { out.push(new PyTuple([k, v])); });
    return out;
  }
}

export class PyRange {
  constructor(public readonly start: bigint, public readonly stop: bigint, public readonly step: bigint) {}
  get length(): number {
    const { start, stop, step } = this;
    if (step > 0n ? start >= stop : start <= stop) return 0;
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    return Number(n);
  }
}

/** Live view of an instance's attributes as a dict (`self.__dict__`). */
export class InstanceDictView extends PyDict {
  constructor(private readonly attrs: Map<string, PyValue>) { super(); }
  override get(k: PyValue): PyValue | undefined { return typeof k === 'string' ? this.attrs.get(k) : undefined; }
  override set(k: PyValue, v: PyValue): void {
    if (typeof k !== 'string') throw new PyException(makeException('TypeError', 'attribute name must be string'));
    this.attrs.set(k, v);
  }
  override has(k: PyValue): boolean { return typeof k === 'string' && this.attrs.has(k); }
  override delete(k: PyValue): boolean { return typeof k === 'string' && this.attrs.delete(k); }
  override get size(): number { return this.attrs.size; }
  override *entries(): IterableIterator<[PyValue, PyValue]> { yield* this.attrs.entries(); }
  override *keys(): IterableIterator<PyValue> { yield* this.attrs.keys(); }
  override *values(): IterableIterator<PyValue> { yield* this.attrs.values(); }
  override keyList(): PyValue[] { return [...this.attrs.keys()]; }
  override valueList(): PyValue[] { return [...this.attrs.values()]; }
  override forEach(f: (k: PyValue, v: PyValue) => void): void { for (const [k, v] of this.attrs) f(k, v); }
}

// ---------------------------------------------------------------------------------------------------------
// Built-in classes shared by every interpreter.

function builtinClass(name: string, bases: PyClass[]): PyClass {
  const c = new PyClass(name, bases, new Map());
  c.builtin = true;
  return c;
}

export const OBJECT = builtinClass('object', []);
export const TYPE = builtinClass('type', [OBJECT]);
/** CPython's traceback type: what a with statement hands __exit__ (tb_lineno, tb_next). */
export const TRACEBACK = builtinClass('traceback', [OBJECT]);

const exceptionTree: Array<[string, string]> = [
  ['BaseException', 'object'], ['Exception', 'BaseException'], ['KeyboardInterrupt', 'BaseException'],
  ['SystemExit', 'BaseException'],
  ['ArithmeticError', 'Exception'], ['ZeroDivisionError', 'ArithmeticError'], ['OverflowError', 'ArithmeticError'],
  ['LookupError', 'Exception'], ['IndexError', 'LookupError'], ['KeyError', 'LookupError'],
  ['ValueError', 'Exception'], ['TypeError', 'Exception'], ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'], ['RecursionError', 'RuntimeError'],
  ['AttributeError', 'Exception'], ['NameError', 'Exception'], ['UnboundLocalError', 'NameError'],
  ['StopIteration', 'Exception'], ['AssertionError', 'Exception'], ['ImportError', 'Exception'],
  ['ModuleNotFoundError', 'ImportError'], ['SyntaxError', 'Exception'], ['UnicodeError', 'ValueError'],
  ['IndentationError', 'SyntaxError'], ['TabError', 'IndentationError'],
  ['FloatingPointError', 'ArithmeticError'], ['MemoryError', 'Exception'], ['SystemError', 'Exception'],
  ['OSError', 'Exception'], ['FileNotFoundError', 'OSError'], ['FileExistsError', 'OSError'],
  ['IsADirectoryError', 'OSError'], ['NotADirectoryError', 'OSError'], ['PermissionError', 'OSError'],
  ['Warning', 'Exception'], ['UserWarning', 'Warning'], ['DeprecationWarning', 'Warning'],
  ['RuntimeWarning', 'Warning'], ['FutureWarning', 'Warning'],
  // Not a Python class: raised for constructs outside the supported subset. Deriving from BaseException
  // and being skipped by every except clause means user code can never swallow it into a wrong result.
  ['NotSupported', 'BaseException'],
];
export const EXCEPTIONS = new Map<string, PyClass>();
for (const [name, base] of exceptionTree) {
  EXCEPTIONS.set(name, builtinClass(name, [base === 'object' ? OBJECT : EXCEPTIONS.get(base)!]));
}
export const BASE_EXCEPTION = EXCEPTIONS.get('BaseException')!;
export const NOT_SUPPORTED = EXCEPTIONS.get('NotSupported')!;

export interface TraceEntry { file: string; name: string; line: number }

/**
 * A Python exception in flight. `value` is the exception instance; `line` is the innermost line in the user's
 * snippet (set by the interpreter); `traceback` lists frames outermost first.
 */
export class PyException extends Error {
  traceback: TraceEntry[] | null = null;
  line: number | undefined;
  constructor(public readonly value: PyInstance, message?: string) {
    super(message ?? exceptionMessage(value));
    this.name = value.cls.name;
  }
  get pyType(): string { return this.value.cls.name; }
  get pyMessage(): string { return this.message; }
  /** "ValueError: bad value (line 3)" */
  override toString(): string {
    return `${this.pyType}: ${this.message}${this.line !== undefined ? ` (line ${this.line})` : ''}`;
  }
}

/** Ends a run because the embedder's shouldStop() said so; never catchable by Python code. */
export class StopRun extends Error {
  constructor() { super('run stopped'); this.name = 'StopRun'; }
}

/** Exception class by name; unknown names (from native PyError) become Exception subclasses. */
export function exceptionClass(name: string): PyClass {
  let c = EXCEPTIONS.get(name);
  if (!c) {
    c = builtinClass(name, [EXCEPTIONS.get('Exception')!]);
    EXCEPTIONS.set(name, c);
  }
  return c;
}

export function makeException(type: string | PyClass, message?: string): PyInstance {
  const inst = new PyInstance(typeof type === 'string' ? exceptionClass(type) : type);
  inst.dict.set('args', new PyTuple(message === undefined ? [] : [message]));
  return inst;
}

/** KeyError carries the key itself as its argument; str(e) is the key's repr. */
export function keyError(key: PyValue, keyRepr: string): PyException {
  const inst = new PyInstance(exceptionClass('KeyError'));
  inst.dict.set('args', new PyTuple([key]));
  return new PyException(inst, keyRepr);
}

export function pyErr(type: string, message: string): PyException {
  return new PyException(makeException(type, message), message);
}

export function notSupported(construct: string, line?: number): PyException {
  const e = pyErr('NotSupported', construct);
  e.line = line;
  return e;
}

/** str(exc) for messages when no interpreter is at hand: the single string arg, else the joined args. */
function exceptionMessage(v: PyInstance): string {
  const args = v.dict.get('args');
  if (!(args instanceof PyTuple) || args.items.length === 0) return '';
  if (args.items.length === 1) {
    const a = args.items[0];
    if (typeof a === 'string') return v.cls.isSubclassOf(EXCEPTIONS.get('KeyError')!) ? `'${a}'` : a;
    return String(a);
  }
  return `(${args.items.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ')})`;
}
