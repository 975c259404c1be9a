// collections: defaultdict, Counter and OrderedDict are dicts (JS subclasses of PyDict, so every dict operation
// and isinstance(x, dict) work) that print and miss keys their own way; deque and namedtuple are native values.
import { HOST, HostFunction, HostModule, NotImplemented, PyDict, PyList, PyTuple, isHost, type HostObject, type PyValue } from '../host';
import { PyIterator, pyErr, keyError } from '../objects';
import { call, getAttrOrUndefined, iterate, typeName } from '../runtime';
import { repr } from '../format';
import { binary, compare, eq, truthy } from '../ops';
import { builtinMethod, sortValues } from '../methods';
import { toInt } from '../builtins';
import { getItem, len } from '../containers';
import { NativeClass, arg, type Impl } from './native';

/** A dict with extra methods, its own repr and an optional __missing__. */
abstract class DictKind extends PyDict implements HostObject {
  readonly [HOST] = true as const;
  abstract pyTypeName(): string;
  abstract repr(): string;
  protected extra(): Record<string, Impl> { return {}; }
  /** d[key] for an absent key (dict's KeyError unless overridden). */
  missing(key: PyValue): PyValue { throw keyError(key, repr(key)); }
  getAttr(name: string): PyValue | undefined {
    const e = this.extra();
    if (Object.prototype.hasOwnProperty.call(e, name)) return new HostFunction(name, e[name]);
    return builtinMethod(this, name);
  }
  getItem(key: PyValue): PyValue { const v = this.get(key); return v === undefined ? this.missing(key) : v; }
  setItem(key: PyValue, value: PyValue): void { this.set(key, value); }
  len(): number { return this.size; }
  iter(): Iterable<PyValue> { return [...this.keys()]; }
  protected body(): string { return `{${[...this.entries()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`; }
}

class DefaultDict extends DictKind {
  constructor(public factory: PyValue) { super(); }
  pyTypeName(): string { return 'collections.defaultdict'; }
  override missing(key: PyValue): PyValue {
    if (this.factory === null) return super.missing(key);
    const v = call(this.factory, []);
    this.set(key, v);
    return v;
  }
  repr(): string { return `defaultdict(${repr(this.factory)}, ${this.body()})`; }
  override getAttr(name: string): PyValue | undefined { return name === 'default_factory' ? this.factory : super.getAttr(name); }
  setAttr(name: string, v: PyValue): boolean { if (name !== 'default_factory') return false; this.factory = v; return true; }
}

class OrderedDict extends DictKind {
  pyTypeName(): string { return 'collections.OrderedDict'; }
  repr(): string { return this.size === 0 ? 'OrderedDict()' : `OrderedDict([${[...this.entries()].map(([k, v]) => `(${repr(k)}, ${repr(v)})`).join(', ')}])`; }
  protected override extra(): Record<string, Impl> {
    return {
      move_to_end: (a, k) => {
        const key = a[0], last = truthy(arg(a, k, 1, 'last', true));
        const v = this.get(key);
        if (v === undefined) throw keyError(key, repr(key));
        const rest = [...this.entries()].filter(([x]) => !eq(x, key));
        for (const [x] of rest) this.delete(x);
        this.delete(key);
        if (!last) this.set(key, v);
        for (const [x, y] of rest) this.set(x, y);
        if (last) this.set(key, v);
        return null;
      },
      popitem: (a, k) => {
        const entries = [...this.entries()];
        if (!entries.length) throw pyErr('KeyError', 'dictionary is empty');
        const [key, v] = truthy(arg(a, k, 0, 'last', true)) ? entries[entries.length - 1] : entries[0];
        this.delete(key);
        return new PyTuple([key, v]);
      },
    };
  }
}

class Counter extends DictKind {
  pyTypeName(): string { return 'collections.Counter'; }
  override missing(): PyValue { return 0n; }
  private sorted(): [PyValue, PyValue][] {
    const e = [...this.entries()];
    const order = sortValues(e.map((x, i) => new PyTuple([x[1], BigInt(-i)])), null, true) as PyTuple[];
    return order.map((t) => e[-Number(t.items[1])]);
  }
  repr(): string { return this.size === 0 ? 'Counter()' : `Counter({${this.sorted().map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}})`; }
  count(src: PyValue, sign: 1n | -1n): void {
    if (src === null || src === undefined) return;
    if (src instanceof PyDict) {
      for (const [k, v] of src.entries()) this.set(k, binary(sign > 0n ? '+' : '-', this.get(k) ?? 0n, v));
    } else for (const k of iterate(src)) this.set(k, binary(sign > 0n ? '+' : '-', this.get(k) ?? 0n, 1n));
  }
  protected override extra(): Record<string, Impl> {
    return {
      most_common: (a, k) => {
        const n = arg(a, k, 0, 'n', null);
        const s = this.sorted();
        return new PyList((n === null ? s : s.slice(0, Math.max(0, Number(toInt(n))))).map(([x, v]) => new PyTuple([x, v])));
      },
      update: (a, k) => { this.count(a[0] ?? null, 1n); if (k.size) this.count(kwDict(k), 1n); return null; },
      subtract: (a, k) => { this.count(a[0] ?? null, -1n); if (k.size) this.count(kwDict(k), -1n); return null; },
      elements: () => {
        const out: PyValue[] = [];
        for (const [x, v] of this.entries()) for (let i = 0n; i < toInt(v); i++) out.push(x);
        return new PyList(out);
      },
      total: () => { let t: PyValue = 0n; for (const v of this.values()) t = binary('+', t, v); return t; },
      copy: () => { const c = new Counter(); for (const [x, v] of this.entries()) c.set(x, v); return c; },
    };
  }
  binary(op: string, other: PyValue, reflected: boolean): PyValue {
    if (!(other instanceof Counter) || reflected || !['+', '-', '|', '&'].includes(op)) return NotImplemented;
    const out = new Counter();
    const keys = [...this.keys(), ...[...other.keys()].filter((x) => !this.has(x))];
    for (const x of keys) {
      const a = this.get(x) ?? 0n, b = other.get(x) ?? 0n;
      const v = op === '+' ? binary('+', a, b) : op === '-' ? binary('-', a, b)
        : op === '|' ? (truthy(compare('<', a, b)) ? b : a) : (truthy(compare('<', a, b)) ? a : b);
      if (truthy(compare('>', v, 0n))) out.set(x, v);
    }
    return out;
  }
}

function kwDict(k: Map<string, PyValue>): PyDict { const d = new PyDict(); for (const [n, v] of k) d.set(n, v); return d; }

class Deque implements HostObject {
  readonly [HOST] = true as const;
  items: PyValue[] = [];
  constructor(readonly maxlen: number | null) {}
  pyTypeName(): string { return 'collections.deque'; }
  private trim(left: boolean): void {
    if (this.maxlen === null) return;
    while (this.items.length > this.maxlen) { if (left) this.items.shift(); else this.items.pop(); }
  }
  push(v: PyValue, left = false): void { if (left) this.items.unshift(v); else this.items.push(v); this.trim(!left); }
  len(): number { return this.items.length; }
  iter(): Iterable<PyValue> { return [...this.items]; }
  bool(): boolean { return this.items.length > 0; }
  private idx(k: PyValue): number {
    let i = Number(toInt(k));
    if (i < 0) i += this.items.length;
    if (i < 0 || i >= this.items.length) throw pyErr('IndexError', 'deque index out of range');
    return i;
  }
  getItem(k: PyValue): PyValue { return this.items[this.idx(k)]; }
  setItem(k: PyValue, v: PyValue): void { this.items[this.idx(k)] = v; }
  compare(op: string, other: PyValue): PyValue {
    if (!(other instanceof Deque)) return op === '==' ? false : op === '!=' ? true : NotImplemented;
    const same = this.items.length === other.items.length && this.items.every((x, i) => eq(x, other.items[i]));
    return op === '==' ? same : op === '!=' ? !same : NotImplemented;
  }
  repr(): string { return `deque([${this.items.map(repr).join(', ')}]${this.maxlen === null ? '' : `, maxlen=${this.maxlen}`})`; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'maxlen') return this.maxlen === null ? null : BigInt(this.maxlen);
    const m: Record<string, Impl> = {
      append: (a) => { this.push(a[0]); return null; },
      appendleft: (a) => { this.push(a[0], true); return null; },
      pop: () => { if (!this.items.length) throw pyErr('IndexError', 'pop from an empty deque'); return this.items.pop()!; },
      popleft: () => { if (!this.items.length) throw pyErr('IndexError', 'pop from an empty deque'); return this.items.shift()!; },
      extend: (a) => { for (const x of [...iterate(a[0])]) this.push(x); return null; },
      extendleft: (a) => { for (const x of [...iterate(a[0])]) this.push(x, true); return null; },
      clear: () => { this.items = []; return null; },
      rotate: (a) => {
        const n = this.items.length;
        if (!n) return null;
        const r = ((Number(toInt(a[0] ?? 1n)) % n) + n) % n;
        this.items = [...this.items.slice(n - r), ...this.items.slice(0, n - r)];
        return null;
      },
      count: (a) => BigInt(this.items.filter((x) => eq(x, a[0])).length),
      index: (a) => { const i = this.items.findIndex((x) => eq(x, a[0])); if (i < 0) throw pyErr('ValueError', `${repr(a[0])} is not in deque`); return BigInt(i); },
      remove: (a) => { const i = this.items.findIndex((x) => eq(x, a[0])); if (i < 0) throw pyErr('ValueError', `${repr(a[0])} is not in deque`); this.items.splice(i, 1); return null; },
      reverse: () => { this.items.reverse(); return null; },
      copy: () => { const d = new Deque(this.maxlen); d.items = [...this.items]; return d; },
    };
    return Object.prototype.hasOwnProperty.call(m, name) ? new HostFunction(name, m[name]) : undefined;
  }
}

/** A namedtuple instance: a tuple with field names. */
class NamedTupleValue extends PyTuple implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly cls: NamedTupleClass, items: PyValue[]) { super(items); }
  pyTypeName(): string { return this.cls.name; }
  repr(): string { return `${this.cls.name}(${this.cls.fields.map((f, i) => `${f}=${repr(this.items[i])}`).join(', ')})`; }
  getAttr(name: string): PyValue | undefined {
    const i = this.cls.fields.indexOf(name);
    if (i >= 0) return this.items[i];
    if (name === '_fields') return new PyTuple(this.cls.fields);
    if (name === '_asdict') return new HostFunction(name, () => { const d = new PyDict(); this.cls.fields.forEach((f, j) => d.set(f, this.items[j])); return d; });
    if (name === '_replace') return new HostFunction(name, (_a, k) => {
      const items = [...this.items];
      for (const [n, v] of k) {
        const j = this.cls.fields.indexOf(n);
        if (j < 0) throw pyErr('ValueError', `Got unexpected field names: ['${n}']`);
        items[j] = v;
      }
      return new NamedTupleValue(this.cls, items);
    });
    return builtinMethod(new PyTuple(this.items), name);
  }
}

class NamedTupleClass extends NativeClass {
  constructor(name: string, readonly fields: string[], defaults: PyValue[]) {
    super(name, (a, k) => {
      const items: PyValue[] = [...a];
      if (a.length > fields.length) throw pyErr('TypeError', `${name}.__new__() takes ${fields.length + 1} positional arguments but ${a.length + 1} were given`);
      for (const [n, v] of k) {
        const j = fields.indexOf(n);
        if (j < 0) throw pyErr('TypeError', `${name}.__new__() got an unexpected keyword argument '${n}'`);
        if (j < a.length) throw pyErr('TypeError', `${name}.__new__() got multiple values for argument '${n}'`);
        items[j] = v;
      }
      const firstDefault = fields.length - defaults.length;
      const missing: string[] = [];
      for (let j = 0; j < fields.length; j++) {
        if (items[j] !== undefined) continue;
        if (j >= firstDefault) items[j] = defaults[j - firstDefault]; else missing.push(fields[j]);
      }
      if (missing.length) {
        throw pyErr('TypeError', `${name}.__new__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(missing.length > 2 ? ', ' : ' and ')}`);
      }
      return new NamedTupleValue(this, items);
    }, (v) => v instanceof NamedTupleValue && v.cls === this, {}, '__main__');
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === '_fields') return new PyTuple(this.fields);
    if (name === '_make') return new HostFunction('_make', (a) => this.call([...iterate(a[0])], new Map()));
    return super.getAttr(name);
  }
}

export function makeCollections(): HostModule {
  const dictTest = (c: abstract new (...args: never[]) => unknown) => (v: PyValue): boolean => v instanceof c;
  const attrs = new Map<string, PyValue>([
    ['defaultdict', new NativeClass('defaultdict', (a, k) => {
      const f = a[0] ?? null;
      if (f !== null && !isCallable(f)) throw pyErr('TypeError', 'first argument must be callable or None');
      const d = new DefaultDict(f);
      fill(d, a[1], k);
      return d;
    }, dictTest(DefaultDict), {}, 'collections')],
    ['OrderedDict', new NativeClass('OrderedDict', (a, k) => { const d = new OrderedDict(); fill(d, a[0], k); return d; }, dictTest(OrderedDict), {}, 'collections')],
    ['Counter', new NativeClass('Counter', (a, k) => { const c = new Counter(); c.count(a[0] ?? null, 1n); if (k.size) c.count(kwDict(k), 1n); return c; }, dictTest(Counter), {}, 'collections')],
    ['deque', new NativeClass('deque', (a, k) => {
      const ml = arg(a, k, 1, 'maxlen', null);
      if (ml !== null && toInt(ml) < 0n) throw pyErr('ValueError', 'maxlen must be non-negative');
      const d = new Deque(ml === null ? null : Number(toInt(ml)));
      const src = arg(a, k, 0, 'iterable', null);
      if (src !== null) for (const x of iterate(src)) d.push(x);
      return d;
    }, (v) => v instanceof Deque, {}, 'collections')],
    ['namedtuple', new HostFunction('namedtuple', (a, k) => {
      const name = String(arg(a, k, 0, 'typename'));
      const spec = arg(a, k, 1, 'field_names');
      const fields = typeof spec === 'string' ? spec.replace(/,/g, ' ').split(/\s+/).filter(Boolean) : [...iterate(spec)].map(String);
      const defaults = k.get('defaults');
      return new NamedTupleClass(name, fields, defaults === undefined || defaults === null ? [] : [...iterate(defaults)]);
    })],
    ['abc', makeCollectionsAbc()],
  ]);
  return new HostModule('collections', attrs);
}

/** collections.abc: the abstract classes as isinstance() tests over our value kinds. */
export function makeCollectionsAbc(): HostModule {
  const has = (v: PyValue, name: string): boolean => {
    try { return getAttrOrUndefined(v, name) !== undefined; } catch { return false; }
  };
  const iterable = (v: PyValue): boolean => {
    if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || typeof v === 'string') return true;
    if (isHost(v)) return typeof v.iter === 'function';
    return has(v, '__iter__') || ['set', 'range', 'dict_keys', 'dict_values', 'dict_items'].includes(typeName(v)) || typeName(v).endsWith('iterator') || typeName(v).startsWith('itertools.') || typeName(v) === 'generator';
  };
  const tests: Record<string, (v: PyValue) => boolean> = {
    Iterable: iterable,
    Iterator: (v) => v instanceof PyIterator || has(v, '__next__'),
    Generator: (v) => typeName(v) === 'generator',
    Sized: (v) => { try { len(v); return true; } catch { return false; } },
    Container: iterable, Collection: iterable,
    Sequence: (v) => (v instanceof PyList || v instanceof PyTuple || typeof v === 'string' || typeName(v) === 'range') && !(v instanceof PyDict),
    MutableSequence: (v) => v instanceof PyList,
    Mapping: (v) => v instanceof PyDict,
    MutableMapping: (v) => v instanceof PyDict,
    Set: (v) => typeName(v) === 'set', MutableSet: (v) => typeName(v) === 'set',
    Callable: (v) => typeof v === 'object' && v !== null && (isHost(v) ? typeof v.call === 'function' : has(v, '__call__') || ['function', 'method', 'type'].includes(typeName(v))),
    Hashable: (v) => !(v instanceof PyList || v instanceof PyDict),
  };
  const attrs = new Map<string, PyValue>(Object.entries(tests).map(([n, t]) => [n, new NativeClass(n, () => {
    throw pyErr('TypeError', `Can't instantiate abstract class ${n}`);
  }, t, {}, 'collections.abc')]));
  return new HostModule('collections.abc', attrs);
}

function isCallable(v: PyValue): boolean {
  try { return typeName(v) !== 'int' && typeName(v) !== 'str' && (typeof v === 'object' && v !== null); } catch { return false; }
}

function fill(d: PyDict, src: PyValue, k: Map<string, PyValue>): void {
  if (src !== undefined && src !== null) {
    if (src instanceof PyDict) for (const [x, v] of src.entries()) d.set(x, v);
    else for (const pair of iterate(src)) d.set(getItem(pair, 0n), getItem(pair, 1n));
  }
  for (const [n, v] of k) d.set(n, v);
}
