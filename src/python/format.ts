// repr() and str() of every value, with floats printed the way CPython prints them. The format-spec
// mini-language (f-strings, format(), str.format) and %-formatting live in formatSpec.ts.
import { PyDict, PyList, PySlice, PyTuple, Ellipsis, NotImplemented, isHost, type PyValue } from './host';
import {
  BoundMethod, PyClass, PyFunction, PyInstance, PyIterator, PyModule, PyRange, PySet, PySuper, pyErr,
  StaticMethod, ClassMethod, Property, BASE_EXCEPTION, EXCEPTIONS, PyDictView,
} from './objects';
import { callMethodIfDefined, typeName } from './runtime';

/** CPython's repr of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

/** CPython 3.11's limit on decimal conversions of ints (sys.get_int_max_str_digits()): quadratic work past it. */
export const INT_MAX_STR_DIGITS = 4300;
const INT_STR_LIMIT = 10n ** BigInt(INT_MAX_STR_DIGITS);

/** str(int), with CPython's ValueError for more than 4300 digits. */
export function intToDecimal(v: bigint): string {
  if (v >= INT_STR_LIMIT || v <= -INT_STR_LIMIT) {
    throw pyErr('ValueError', `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return v.toString();
}

/** Guards against infinite recursion on self-containing lists. */
const reprStack: PyValue[] = [];

export function repr(v: PyValue): string {
  switch (typeof v) {
    case 'string': return strRepr(v);
    case 'number': return floatRepr(v);
    case 'bigint': return intToDecimal(v);
    case 'boolean': return v ? 'True' : 'False';
  }
  if (v === null) return 'None';
  // Native subclasses of containers (torch.Size is a tuple) print themselves, also inside other containers.
  if (isHost(v) && v.repr) return v.repr();
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet) {
    if (reprStack.includes(v)) return v instanceof PyList ? '[...]' : '{...}';
    reprStack.push(v);
    try {
      if (reprStack.length > 1000) throw pyErr('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
      if (v instanceof PyList) return `[${v.items.map(repr).join(', ')}]`;
      if (v instanceof PyTuple) return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(', ')})`;
      if (v instanceof PySet) return v.size === 0 ? 'set()' : `{${[...v.values()].map(repr).join(', ')}}`;
      return `{${[...v.entries()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
    } finally { reprStack.pop(); }
  }
  if (v instanceof PyInstance) {
    const r = callMethodIfDefined(v, '__repr__', []);
    if (r !== undefined) {
      if (typeof r !== 'string') throw pyErr('TypeError', `__repr__ returned non-string (type ${typeName(r)})`);
      return r;
    }
    if (v.cls.isSubclassOf(excBase())) {
      const args = v.dict.get('args');
      const items = args instanceof PyTuple ? args.items : [];
      return `${v.cls.name}(${items.map(repr).join(', ')})`;
    }
    return `<${v.cls.module === '__main__' ? '__main__.' : ''}${v.cls.name} object>`;
  }
  if (isHost(v)) return v.repr ? v.repr() : `<${v.pyTypeName()} object>`;
  if (v instanceof PyClass) return v.builtin ? `<class '${v.name}'>` : `<class '${v.module}.${v.name}'>`;
  if (v instanceof PyFunction) return `<function ${v.qualname}>`;
  if (v instanceof BoundMethod) return `<bound method ${repr(v.fn).replace(/^<function |>$/g, '')} of ${repr(v.self)}>`;
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (v instanceof PyRange) return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PySlice) return `slice(${repr(v.start)}, ${repr(v.stop)}, ${repr(v.step)})`;
  if (v === Ellipsis) return 'Ellipsis';
  if (v === NotImplemented) return 'NotImplemented';
  if (v instanceof PyIterator) return `<${v.typeName} object>`;
  if (v instanceof PyDictView) return `dict_${v.kind}([${[...v.values()].map(repr).join(', ')}])`;
  if (v instanceof StaticMethod) return '<staticmethod object>';
  if (v instanceof ClassMethod) return '<classmethod object>';
  if (v instanceof Property) return '<property object>';
  if (v instanceof PySuper) return `<super: <class '${v.thisClass.name}'>>`;
  return `<${typeName(v)} object>`;
}

function excBase(): PyClass { return BASE_EXCEPTION; }

export function str(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyInstance) {
    const r = callMethodIfDefined(v, '__str__', []);
    if (r !== undefined) {
      if (typeof r !== 'string') throw pyErr('TypeError', `__str__ returned non-string (type ${typeName(r)})`);
      return r;
    }
    if (v.cls.isSubclassOf(excBase())) {
      const args = v.dict.get('args');
      const items = args instanceof PyTuple ? args.items : [];
      if (items.length === 0) return '';
      if (items.length === 1) {
        return v.cls.isSubclassOf(EXCEPTIONS.get('KeyError')!)
          ? repr(items[0]) : str(items[0]);
      }
      return repr(new PyTuple(items));
    }
    return repr(v);
  }
  if (isHost(v)) return v.str ? v.str() : repr(v);
  return repr(v);
}

export { formatValue, percentFormat, strFormat, toFixedPy } from './formatSpec';
