// The builtins table (one place, like jlox's globals) and the constructors of the built-in types.
import { Ellipsis, HostFunction, NotImplemented, PyDict, PyList, PySlice, PyTuple, isHost, isHostClass, type PyValue } from './host';
import {
  ClassMethod, EXCEPTIONS, OBJECT, PyClass, PyInstance, PyIterator, PyRange, PySet, PySuper, Property, StaticMethod,
  TYPE, notSupported, pyErr,
} from './objects';
import {
  BOOL, DICT, FLOAT, INT, LIST, RANGE, SET, SLICE, STR, TUPLE, attributeError, call, delAttr, getAttrOrUndefined,
  iterate, setAttr, typeName, typeOf,
} from './runtime';
import { binary, compare, truthy } from './ops';
import { len } from './containers';
import { INT_MAX_STR_DIGITS, formatValue, repr, str, toFixedPy } from './format';
import { sortValues } from './methods';
import { toItems } from './limits';

type Fn = (args: PyValue[], kwargs: Map<string, PyValue>) => PyValue;

function noKw(name: string, kwargs: Map<string, PyValue> | null): void {
  if (kwargs && kwargs.size) throw pyErr('TypeError', `${name}() takes no keyword arguments`);
}

export function toFloat(v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase().replace(/_/g, '');
    if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(t)) return NaN;
    // Unambiguous (each digit run can be matched one way only): linear time on '1' * 10**6 + 'x'.
    if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/.test(t)) return Number(t);
    throw pyErr('ValueError', `could not convert string to float: ${repr(v)}`);
  }
  if (isHost(v) && v.toFloat) return v.toFloat();
  if (v instanceof PyInstance) {
    const m = getAttrOrUndefined(v, '__float__');
    if (m !== undefined) return toFloat(call(m, []));
  }
  throw pyErr('TypeError', `float() argument must be a string or a real number, not '${typeName(v)}'`);
}

export function toInt(v: PyValue, base?: PyValue): bigint {
  if (base !== undefined && base !== null) {
    if (typeof v !== 'string') throw pyErr('TypeError', "int() can't convert non-string with explicit base");
    const b = Number(base);
    const t = v.trim().toLowerCase().replace(/_/g, '');
    const neg = t.startsWith('-');
    let digits = t.replace(/^[+-]/, '');
    if ((b === 16 && digits.startsWith('0x')) || (b === 8 && digits.startsWith('0o')) || (b === 2 && digits.startsWith('0b'))) digits = digits.slice(2);
    const valid = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    if (!digits || [...digits].some((c) => !valid.includes(c))) throw pyErr('ValueError', `invalid literal for int() with base ${b}: ${repr(v)}`);
    let r = 0n;
    for (const c of digits) r = r * BigInt(b) + BigInt(valid.indexOf(c));
    return neg ? -r : r;
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw pyErr('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw pyErr('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '');
    if (!/^[+-]?\d+$/.test(t)) throw pyErr('ValueError', `invalid literal for int() with base 10: ${repr(v)}`);
    const digits = t.length - (/^[+-]/.test(t) ? 1 : 0);
    if (digits > INT_MAX_STR_DIGITS) {
      throw pyErr('ValueError', `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
    }
    return BigInt(t);
  }
  if (isHost(v) && v.toInt) return v.toInt();
  if (v instanceof PyInstance) {
    const m = getAttrOrUndefined(v, '__int__') ?? getAttrOrUndefined(v, '__index__');
    if (m !== undefined) return toInt(call(m, []));
  }
  throw pyErr('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function toDict(args: PyValue[], kwargs: Map<string, PyValue> | null): PyDict {
  const d = new PyDict();
  const src = args[0];
  if (src instanceof PyDict) for (const [k, v] of src.entries()) d.set(k, v);
  else if (src !== undefined) {
    for (const p of iterate(src)) {
      const kv = toItems(p, iterate);
      if (kv.length !== 2) throw pyErr('ValueError', `dictionary update sequence element has length ${kv.length}; 2 is required`);
      d.set(kv[0], kv[1]);
    }
  }
  if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
  return d;
}

function intArg(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (isHost(v) && v.toInt && v.toFloat && Number.isInteger(v.toFloat())) return v.toInt();
  throw pyErr('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`);
}

// Constructors of the built-in types (calling the class object).
INT.native = { construct: (a) => (a.length === 0 ? 0n : toInt(a[0], a[1])) };
FLOAT.native = { construct: (a) => (a.length === 0 ? 0 : toFloat(a[0])) };
BOOL.native = { construct: (a) => (a.length === 0 ? false : truthy(a[0])) };
STR.native = { construct: (a) => (a.length === 0 ? '' : str(a[0])) };
LIST.native = { construct: (a) => new PyList(a.length ? toItems(a[0], iterate) : []) };
// tuple(t) returns t itself only for an exact tuple: tuple(torch.Size(...)) is a plain tuple, as in CPython.
TUPLE.native = { construct: (a) => (a[0] instanceof PyTuple && a[0].constructor === PyTuple ? a[0] : new PyTuple(a.length ? toItems(a[0], iterate) : [])) };
DICT.native = { construct: (a, k) => toDict(a, k) };
SET.native = { construct: (a) => new PySet(a.length ? toItems(a[0], iterate) : []) };
SLICE.native = { construct: (a) => (a.length === 1 ? new PySlice(null, a[0], null) : new PySlice(a[0], a[1], a[2] ?? null)) };
RANGE.native = {
  construct: (a, k) => {
    noKw('range', k);
    if (a.length === 0 || a.length > 3) throw pyErr('TypeError', `range expected at least 1 argument, got ${a.length}`);
    const [start, stop, step] = a.length === 1 ? [0n, intArg(a[0]), 1n] : [intArg(a[0]), intArg(a[1]), a[2] === undefined ? 1n : intArg(a[2])];
    if (step === 0n) throw pyErr('ValueError', 'range() arg 3 must not be zero');
    return new PyRange(start, stop, step);
  },
};
TYPE.native = {
  construct: (a) => {
    if (a.length === 1) return typeOf(a[0]);
    throw notSupported('type() with 3 arguments (dynamic classes)');
  },
};
OBJECT.native = { construct: (a) => { if (a.length) throw pyErr('TypeError', 'object() takes no arguments'); return new PyInstance(OBJECT); } };
// object must stay subclassable: instantiate() only uses `native` for the exact class, see runtime.instantiate.

function minmax(name: 'min' | 'max', args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  const key = kwargs.get('key') ?? null;
  const op = name === 'min' ? '<' : '>';
  // Streams the iterable (max(range(10**9)) needs no list of a billion items).
  let best: PyValue | undefined;
  let bestKey: PyValue = null;
  for (const x of args.length === 1 ? iterate(args[0]) : args) {
    const k = key === null ? x : call(key, [x]);
    if (best === undefined || truthy(compare(op, k, bestKey))) { best = x; bestKey = k; }
  }
  if (best !== undefined) return best;
  if (kwargs.has('default')) return kwargs.get('default')!;
  throw pyErr('ValueError', `${name}() arg is an empty sequence`);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function pyRound(args: PyValue[]): PyValue {
  const [x, nd] = args;
  if (isHost(x) && x.toFloat && (nd === undefined || nd === null)) return BigInt(roundHalfEven(x.toFloat()));
  if (typeof x === 'bigint' || typeof x === 'boolean') {
    const v = typeof x === 'boolean' ? BigInt(x) : x;
    if (nd === undefined || nd === null || Number(nd) >= 0) return v;
    const p = 10n ** BigInt(-Number(nd));
    const q = v / p, r = v % p;
    const twice = (r < 0n ? -r : r) * 2n;
    let n = q;
    if (twice > p || (twice === p && q % 2n !== 0n)) n += v < 0n ? -1n : 1n;
    return n * p;
  }
  const f = toFloat(x);
  if (nd === undefined || nd === null) {
    if (!Number.isFinite(f)) throw pyErr(Number.isNaN(f) ? 'ValueError' : 'OverflowError', 'cannot convert float to integer');
    return BigInt(roundHalfEven(f));
  }
  const n = Number(nd);
  if (!Number.isFinite(f)) return f;
  if (n >= 0) return n > 100 ? f : (f < 0 || Object.is(f, -0) ? -1 : 1) * Number(toFixedPy(Math.abs(f), n));
  const p = 10 ** -n;
  return roundHalfEven(f / p) * p;
}

let idCounter = 1;
const ids = new WeakMap<object, bigint>();

/** Builds the builtins table; `print` goes to the embedder's callback. */
export function makeBuiltins(print: (text: string) => void): Map<string, PyValue> {
  const b = new Map<string, PyValue>();
  const fn = (name: string, impl: Fn): void => { b.set(name, new HostFunction(name, impl)); };
  const forbidden = (name: string, what = `${name}()`): void => fn(name, () => { throw notSupported(what); });

  fn('print', (args, kw) => {
    for (const k of kw.keys()) if (!['sep', 'end', 'file', 'flush'].includes(k)) throw pyErr('TypeError', `'${k}' is an invalid keyword argument for print()`);
    const f = kw.get('file');
    if (f !== undefined && f !== null) throw notSupported('print(file=...)');
    const sep = kw.get('sep') ?? ' ';
    const end = kw.get('end') ?? '\n';
    print(args.map(str).join(sep === null ? ' ' : str(sep)) + (end === null ? '\n' : str(end)));
    return null;
  });
  fn('len', (a) => BigInt(len(a[0])));
  fn('abs', (a) => {
    const x = a[0];
    if (typeof x === 'number') return Math.abs(x);
    if (typeof x === 'bigint') return x < 0n ? -x : x;
    if (typeof x === 'boolean') return x ? 1n : 0n;
    if (isHost(x)) { const m = x.getAttr?.('abs'); if (m !== undefined) return call(m, []); }
    if (x instanceof PyInstance) { const m = getAttrOrUndefined(x, '__abs__'); if (m !== undefined) return call(m, []); }
    throw pyErr('TypeError', `bad operand type for abs(): '${typeName(x)}'`);
  });
  fn('min', (a, k) => minmax('min', a, k));
  fn('max', (a, k) => minmax('max', a, k));
  fn('sum', (a, k) => {
    let acc: PyValue = a[1] ?? k.get('start') ?? 0n;
    if (typeof acc === 'string') throw pyErr('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    for (const x of iterate(a[0])) acc = binary('+', acc, x);
    return acc;
  });
  fn('round', (a) => pyRound(a));
  fn('divmod', (a) => new PyTuple([binary('//', a[0], a[1]), binary('%', a[0], a[1])]));
  fn('pow', (a) => {
    if (a.length === 3) {
      let [x, e] = [toInt(a[0]), toInt(a[1])];
      const m = toInt(a[2]);
      let r = 1n; x %= m;
      while (e > 0n) { if (e & 1n) r = (r * x) % m; x = (x * x) % m; e >>= 1n; }
      return r;
    }
    return binary('**', a[0], a[1]);
  });
  fn('sorted', (a, k) => new PyList(sortValues(toItems(a[0], iterate), k.get('key') ?? null, truthy(k.get('reverse') ?? false))));
  fn('reversed', (a) => {
    const x = a[0];
    if (x instanceof PyInstance) { const m = getAttrOrUndefined(x, '__reversed__'); if (m !== undefined) return call(m, []); }
    const items = x instanceof PyList || x instanceof PyTuple || x instanceof PyRange || typeof x === 'string' ? toItems(x, iterate) : null;
    if (!items) throw pyErr('TypeError', `'${typeName(x)}' object is not reversible`);
    return new PyIterator(items.reverse()[Symbol.iterator](), 'reversed', x);
  });
  fn('enumerate', (a, k) => {
    const start = toInt(a[1] ?? k.get('start') ?? 0n);
    const src = iterate(a[0]);
    return new PyIterator((function* () { let i = start; for (const x of src) yield new PyTuple([i++, x]); })(), 'enumerate', a[0]);
  });
  fn('zip', (a, k) => {
    const strict = truthy(k.get('strict') ?? false);
    const its = a.map((x) => iterate(x)[Symbol.iterator]());
    return new PyIterator((function* () {
      if (its.length === 0) return;
      for (;;) {
        const row: PyValue[] = [];
        for (const it of its) {
          const r = it.next();
          if (r.done) {
            if (strict && row.length > 0) throw pyErr('ValueError', 'zip() argument 2 is shorter than argument 1');
            return;
          }
          row.push(r.value);
        }
        yield new PyTuple(row);
      }
    })(), 'zip', new PyTuple(a));
  });
  fn('map', (a) => {
    const its = a.slice(1).map((x) => iterate(x)[Symbol.iterator]());
    return new PyIterator((function* () {
      for (;;) {
        const row: PyValue[] = [];
        for (const it of its) { const r = it.next(); if (r.done) return; row.push(r.value); }
        yield call(a[0], row);
      }
    })(), 'map', new PyTuple(a));
  });
  fn('filter', (a) => {
    const src = iterate(a[1]);
    return new PyIterator((function* () { for (const x of src) if (truthy(a[0] === null ? x : call(a[0], [x]))) yield x; })(), 'filter', new PyTuple(a));
  });
  fn('any', (a) => { for (const x of iterate(a[0])) if (truthy(x)) return true; return false; });
  fn('all', (a) => { for (const x of iterate(a[0])) if (!truthy(x)) return false; return true; });
  fn('iter', (a) => {
    const x = a[0];
    if (x instanceof PyIterator) return x;
    if (x instanceof PyInstance && x.cls.lookup('__next__') !== undefined && x.cls.lookup('__iter__') !== undefined) return call(getAttrOrUndefined(x, '__iter__')!, []);
    return new PyIterator(iterate(x)[Symbol.iterator](), 'iterator', x);
  });
  fn('next', (a) => {
    const x = a[0];
    if (x instanceof PyIterator) {
      const r = x.it.next();
      if (r.done) { if (a.length > 1) return a[1]; throw pyErr('StopIteration', ''); }
      return r.value;
    }
    if (x instanceof PyInstance) {
      const m = getAttrOrUndefined(x, '__next__');
      if (m !== undefined) return call(m, []);
    }
    throw pyErr('TypeError', `'${typeName(x)}' object is not an iterator`);
  });
  fn('isinstance', (a) => isInstance(a[0], a[1]));
  fn('issubclass', (a) => {
    const check = (c: PyValue): boolean => {
      if (c instanceof PyTuple) return c.items.some(check);
      if (!(c instanceof PyClass) || !(a[0] instanceof PyClass)) throw pyErr('TypeError', 'issubclass() arg 1 must be a class');
      return a[0].isSubclassOf(c);
    };
    return check(a[1]);
  });
  fn('hasattr', (a) => {
    try { return getAttrOrUndefined(a[0], a[1] as string) !== undefined; } catch (e) {
      if ((e as { pyType?: string }).pyType === 'AttributeError') return false;
      throw e;
    }
  });
  fn('getattr', (a) => {
    if (typeof a[1] !== 'string') throw pyErr('TypeError', "attribute name must be string");
    let v: PyValue | undefined;
    try { v = getAttrOrUndefined(a[0], a[1]); } catch (e) {
      if (a.length > 2 && (e as { pyType?: string }).pyType === 'AttributeError') return a[2];
      throw e;
    }
    if (v !== undefined) return v;
    if (a.length > 2) return a[2];
    throw attributeError(a[0], a[1]);
  });
  fn('setattr', (a) => { setAttr(a[0], a[1] as string, a[2]); return null; });
  fn('delattr', (a) => { delAttr(a[0], a[1] as string); return null; });
  fn('callable', (a) => {
    const x = a[0];
    return x instanceof PyClass || (isHost(x) && !!x.call) || (x instanceof PyInstance && x.cls.lookup('__call__') !== undefined)
      || ['function', 'method', 'builtin_function_or_method'].includes(typeName(x));
  });
  fn('repr', (a) => repr(a[0]));
  // repr with every non-ASCII code point escaped, as CPython writes it (\xhh, \uhhhh, \Uhhhhhhhh).
  fn('ascii', (a) => [...repr(a[0])].map((c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) return c;
    const hex = cp.toString(16);
    return cp < 0x100 ? `\\x${hex.padStart(2, '0')}` : cp < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
  }).join(''));
  fn('format', (a) => formatValue(a[0], a[1] === undefined ? '' : str(a[1])));
  fn('chr', (a) => String.fromCodePoint(Number(toInt(a[0]))));
  fn('ord', (a) => {
    const s = a[0];
    if (typeof s !== 'string' || [...s].length !== 1) throw pyErr('TypeError', 'ord() expected a character');
    return BigInt(s.codePointAt(0)!);
  });
  fn('hex', (a) => { const v = toInt(a[0]); return (v < 0n ? '-0x' : '0x') + (v < 0n ? -v : v).toString(16); });
  fn('bin', (a) => { const v = toInt(a[0]); return (v < 0n ? '-0b' : '0b') + (v < 0n ? -v : v).toString(2); });
  fn('oct', (a) => { const v = toInt(a[0]); return (v < 0n ? '-0o' : '0o') + (v < 0n ? -v : v).toString(8); });
  fn('id', (a) => {
    const x = a[0];
    if (typeof x !== 'object' || x === null) return BigInt(typeof x === 'bigint' ? x : 0) + 1000n;
    let i = ids.get(x);
    if (i === undefined) { i = BigInt(idCounter++); ids.set(x, i); }
    return i;
  });
  fn('hash', (a) => {
    const x = a[0];
    if (typeof x === 'bigint') return x;
    if (typeof x === 'boolean') return x ? 1n : 0n;
    if (x instanceof PyList || x instanceof PyDict || x instanceof PySet) throw pyErr('TypeError', `unhashable type: '${typeName(x)}'`);
    throw notSupported('hash() of this type');
  });
  fn('staticmethod', (a) => new StaticMethod(a[0]));
  fn('classmethod', (a) => new ClassMethod(a[0]));
  fn('property', (a, k) => new Property(a[0] ?? k.get('fget') ?? null, a[1] ?? k.get('fset') ?? null, a[2] ?? k.get('fdel') ?? null));
  fn('super', (a) => {
    if (a.length !== 2 || !(a[0] instanceof PyClass)) throw notSupported('super() outside a method, or with these arguments');
    return new PySuper(a[0], a[1]);
  });
  for (const name of ['open', 'eval', 'exec', 'compile', '__import__', 'input', 'globals', 'locals', 'vars', 'breakpoint',
    'exit', 'quit', 'help', 'dir', 'memoryview', 'bytearray', 'bytes', 'complex', 'frozenset']) forbidden(name);
  b.set('int', INT); b.set('float', FLOAT); b.set('bool', BOOL); b.set('str', STR); b.set('list', LIST);
  b.set('tuple', TUPLE); b.set('dict', DICT); b.set('set', SET); b.set('range', RANGE); b.set('slice', SLICE);
  b.set('type', TYPE); b.set('object', OBJECT);
  for (const [name, cls] of EXCEPTIONS) if (name !== 'NotSupported') b.set(name, cls);
  b.set('NotImplemented', NotImplemented);
  b.set('Ellipsis', Ellipsis);
  b.set('__name__', '__main__');
  return b;
}

export function isInstance(v: PyValue, cls: PyValue): boolean {
  if (cls instanceof PyTuple) return cls.items.some((c) => isInstance(v, c));
  if (cls instanceof PyClass) return typeOf(v).isSubclassOf(cls);
  if (isHostClass(cls)) return cls.isInstance(v);
  if (isHost(cls)) return isHost(v) && v.pyTypeName() === String(cls.getAttr?.('__name__') ?? '');
  throw pyErr('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
}
