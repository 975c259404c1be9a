// Operators with Python semantics: int (bigint) / float (number) arithmetic, sequences, dunder methods on
// Python classes and the HostObject protocol (binary → reflected → TypeError).
import {
  NotImplemented, PyDict, PyList, PySlice, PyTuple, isHost, type BinaryOp, type CompareOp, type PyValue,
} from './host';
import { PyClass, PyDictView, PyInstance, PyRange, PySet, notSupported, pyErr } from './objects';
import { bindDescriptor, call, iterate, typeName } from './runtime';
import { percentFormat } from './format';
import { MAX_INT_BITS, bitLengthBound, checkSize, extendItems, maxItems, memoryError } from './limits';

export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (v === null) return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.size > 0;
  if (v instanceof PyDictView) return v.dict.size > 0;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof PyInstance) {
    const b = dunder(v, '__bool__', []);
    if (b !== undefined) return b === true;
    const l = dunder(v, '__len__', []);
    if (l !== undefined) return l !== 0n;
    return true;
  }
  if (isHost(v)) {
    if (v.bool) return v.bool();
    if (v.len) return v.len() > 0;
  }
  return true;
}

function dunder(obj: PyInstance, name: string, args: PyValue[]): PyValue | undefined {
  const m = obj.cls.lookup(name);
  if (m === undefined) return undefined;
  return call(bindDescriptor(m, obj, obj.cls), args);
}

const dunderNames: Record<BinaryOp, string> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '@': 'matmul',
  '&': 'and', '|': 'or', '^': 'xor', '<<': 'lshift', '>>': 'rshift',
};

function isNum(v: PyValue): v is number | bigint | boolean {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'boolean';
}
const asInt = (v: bigint | boolean): bigint => (typeof v === 'boolean' ? (v ? 1n : 0n) : v);

function floorDivInt(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
function modInt(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}
function modFloat(a: number, b: number): number {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0;
  return (r < 0) !== (b < 0) ? r + b : r;
}

/** CPython's float_floor_div: exact for the cases where floor(x / y) would round wrongly. */
function floorDivFloat(x: number, y: number): number {
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && (y < 0) !== (mod < 0)) div -= 1;
  if (div === 0) { const q = x / y; return q < 0 || Object.is(q, -0) ? -0 : 0; }
  let fd = Math.floor(div);
  if (div - fd > 0.5) fd += 1;
  return fd;
}

function numeric(op: BinaryOp, a: number | bigint | boolean, b: number | bigint | boolean): PyValue {
  if (typeof a !== 'number' && typeof b !== 'number') {
    const x = asInt(a), y = asInt(b);
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/':
        if (y === 0n) throw pyErr('ZeroDivisionError', 'division by zero');
        return Number(x) / Number(y);
      case '//':
        if (y === 0n) throw pyErr('ZeroDivisionError', 'integer division or modulo by zero');
        return floorDivInt(x, y);
      case '%':
        if (y === 0n) throw pyErr('ZeroDivisionError', 'integer division or modulo by zero');
        return modInt(x, y);
      case '**':
        if (y < 0n) {
          if (x === 0n) throw pyErr('ZeroDivisionError', '0.0 cannot be raised to a negative power');
          return Math.pow(Number(x), Number(y));
        }
        if (y > 1n && (x > 1n || x < -1n) && bitLengthBound(x) * Number(y) > MAX_INT_BITS) throw memoryError();
        return x ** y;
      case '&': return typeof a === 'boolean' && typeof b === 'boolean' ? a && b : x & y;
      case '|': return typeof a === 'boolean' && typeof b === 'boolean' ? a || b : x | y;
      case '^': return typeof a === 'boolean' && typeof b === 'boolean' ? a !== b : x ^ y;
      case '<<':
        if (y < 0n) throw pyErr('ValueError', 'negative shift count');
        if (x !== 0n && y > BigInt(MAX_INT_BITS)) throw memoryError();
        return x << y;
      case '>>': if (y < 0n) throw pyErr('ValueError', 'negative shift count'); return x >> y;
      default: return NotImplemented;
    }
  }
  const x = Number(a), y = Number(b);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
      if (y === 0) throw pyErr('ZeroDivisionError', 'float division by zero');
      return x / y;
    case '//':
      if (y === 0) throw pyErr('ZeroDivisionError', 'float floor division by zero');
      return floorDivFloat(x, y);
    case '%':
      if (y === 0) throw pyErr('ZeroDivisionError', 'float modulo');
      return modFloat(x, y);
    case '**': {
      if (x === 0 && y < 0) throw pyErr('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) throw notSupported('complex numbers');
      const r = Math.pow(x, y);
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw pyErr('OverflowError', '(34, \'Numerical result out of range\')');
      return r;
    }
    default: return NotImplemented;
  }
}

function concatItems(a: readonly PyValue[], b: readonly PyValue[]): PyValue[] {
  checkSize(a.length + b.length);
  return [...a, ...b];
}

/** `seq * n`: n clamped at 0, MemoryError when the result would pass the size cap. */
function repeatCount(n: bigint, size: number): number {
  if (n <= 0n || size === 0) return 0;
  if (n > BigInt(maxItems) || size * Number(n) > maxItems) throw memoryError();
  return Number(n);
}

function repeatItems(items: readonly PyValue[], k: number): PyValue[] {
  const n = items.length;
  const out = new Array<PyValue>(n * k);
  for (let i = 0, j = 0; i < k; i++) for (let m = 0; m < n; m++) out[j++] = items[m];
  return out;
}

function sequenceOp(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      if (a.length + b.length > maxItems) throw memoryError();
      return a + b;
    }
    if (a instanceof PyList && b instanceof PyList) return new PyList(concatItems(a.items, b.items));
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple(concatItems(a.items, b.items));
  } else if (op === '*') {
    const rep = (s: PyValue, n: PyValue): PyValue => {
      if (typeof n !== 'bigint' && typeof n !== 'boolean') return NotImplemented;
      if (typeof s !== 'string' && !(s instanceof PyList) && !(s instanceof PyTuple)) return NotImplemented;
      const size = typeof s === 'string' ? s.length : s.items.length;
      const k = repeatCount(asInt(n), size);
      if (typeof s === 'string') return s.repeat(k);
      const out = repeatItems(s.items, k);
      return s instanceof PyList ? new PyList(out) : new PyTuple(out);
    };
    const r = rep(a, b);
    return r !== NotImplemented ? r : rep(b, a);
  } else if (op === '%' && typeof a === 'string') {
    return percentFormat(a, b);
  } else if (a instanceof PySet && b instanceof PySet) {
    const av = [...a.values()], bv = [...b.values()];
    if (op === '|') return new PySet([...av, ...bv]);
    if (op === '&') return new PySet(av.filter((x) => b.has(x)));
    if (op === '-') return new PySet(av.filter((x) => !b.has(x)));
    if (op === '^') return new PySet([...av.filter((x) => !b.has(x)), ...bv.filter((x) => !a.has(x))]);
  } else if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
    const d = new PyDict();
    for (const [k, v] of a.entries()) d.set(k, v);
    for (const [k, v] of b.entries()) d.set(k, v);
    return d;
  }
  return NotImplemented;
}

export function binary(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  if (isNum(a) && isNum(b)) return numeric(op, a, b);
  let r: PyValue = NotImplemented;
  if (isHost(a) && a.binary) r = a.binary(op, b, false);
  else if (a instanceof PyInstance) r = dunder(a, `__${dunderNames[op]}__`, [b]) ?? NotImplemented;
  if (r !== NotImplemented) return r;
  if (isHost(b) && b.binary) r = b.binary(op, a, true);
  else if (b instanceof PyInstance) r = dunder(b, `__r${dunderNames[op]}__`, [a]) ?? NotImplemented;
  if (r !== NotImplemented) return r;
  r = sequenceOp(op, a, b);
  if (r !== NotImplemented) return r;
  if (op === '+' && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) {
    const t = typeName(a);
    throw pyErr('TypeError', `can only concatenate ${t} (not "${typeName(b)}") to ${t}`);
  }
  throw pyErr('TypeError', `unsupported operand type(s) for ${op === '**' ? '** or pow()' : op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** `a op= b`: HostObject.inplace / __iop__ / list +=, else the binary operator. */
export function inplace(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  if (isHost(a) && a.inplace) {
    const r = a.inplace(op, b);
    if (r !== NotImplemented) return r;
  } else if (a instanceof PyInstance) {
    const r = dunder(a, `__i${dunderNames[op]}__`, [b]);
    if (r !== undefined && r !== NotImplemented) return r;
  } else if (a instanceof PyList && op === '+') {
    extendItems(a.items, b === a ? a.items.slice() : iterate(b));
    return a;
  } else if (a instanceof PyList && op === '*' && (typeof b === 'bigint' || typeof b === 'boolean')) {
    const out = repeatItems(a.items, repeatCount(asInt(b), a.items.length));
    a.items.length = 0;
    for (let i = 0; i < out.length; i++) a.items.push(out[i]);
    return a;
  }
  return binary(op, a, b);
}

export function unary(op: '-' | '+' | '~', v: PyValue): PyValue {
  if (typeof v === 'number') return op === '-' ? -v : op === '+' ? v : bad();
  if (typeof v === 'bigint' || typeof v === 'boolean') {
    const x = asInt(v);
    return op === '-' ? -x : op === '+' ? x : ~x;
  }
  if (isHost(v) && v.unary) return v.unary(op);
  if (v instanceof PyInstance) {
    const r = dunder(v, op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__', []);
    if (r !== undefined) return r;
  }
  return bad();
  function bad(): never { throw pyErr('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`); }
}

// ----- comparison --------------------------------------------------------------------------------------

export function eq(a: PyValue, b: PyValue): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  return truthy(compare('==', a, b));
}

function seqEq(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !eq(a[i], b[i])) return false;
  return true;
}

const swapped: Record<CompareOp, CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const cmpDunder: Record<CompareOp, string> = { '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__', '==': '__eq__', '!=': '__ne__' };

function ordered(op: CompareOp, c: number): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '==': return c === 0;
    default: return c !== 0;
  }
}

function seqCompare(op: CompareOp, a: readonly PyValue[], b: readonly PyValue[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    // Containers compare elements by identity first (so [nan] == [nan], as for one nan object in CPython).
    if (!Object.is(a[i], b[i]) && !eq(a[i], b[i])) {
      if (op === '==') return false;
      if (op === '!=') return true;
      return truthy(compare(op, a[i], b[i]));
    }
  }
  return ordered(op, a.length - b.length);
}

export function compare(op: CompareOp, a: PyValue, b: PyValue): PyValue {
  if (isNum(a) && isNum(b)) {
    const x = typeof a === 'boolean' ? Number(a) : a, y = typeof b === 'boolean' ? Number(b) : b;
    switch (op) {
      // JS compares bigint with number exactly, which is Python's rule too.
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '==': return x == y;
      default: return x != y;
    }
  }
  let r: PyValue = NotImplemented;
  if (isHost(a) && a.compare) r = a.compare(op, b, false);
  else if (a instanceof PyInstance) r = dunder(a, cmpDunder[op], [b]) ?? NotImplemented;
  if (r !== NotImplemented) return r;
  if (isHost(b) && b.compare) r = b.compare(swapped[op], a, true);
  else if (b instanceof PyInstance) r = dunder(b, cmpDunder[swapped[op]], [a]) ?? NotImplemented;
  if (r !== NotImplemented) return r;
  if (op === '!=' && a instanceof PyInstance && a.cls.lookup('__eq__') !== undefined) {
    const e = dunder(a, '__eq__', [b]);
    if (e !== NotImplemented && e !== undefined) return !truthy(e);
  }
  if (typeof a === 'string' && typeof b === 'string') return ordered(op, a < b ? -1 : a > b ? 1 : 0);
  if (a instanceof PyList && b instanceof PyList) return seqCompare(op, a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqCompare(op, a.items, b.items);
  if (op === '==' || op === '!=') {
    let same: boolean;
    if (a instanceof PyDict && b instanceof PyDict) {
      same = a.size === b.size && [...a.entries()].every(([k, v]) => b.has(k) && eq(v, b.get(k)));
    } else if (a instanceof PySet && b instanceof PySet) {
      same = a.size === b.size && [...a.values()].every((k) => b.has(k));
    } else if (a instanceof PyRange && b instanceof PyRange) {
      same = a.start === b.start && a.stop === b.stop && a.step === b.step;
    } else if (a instanceof PySlice && b instanceof PySlice) {
      same = seqEq([a.start, a.stop, a.step], [b.start, b.stop, b.step]);
    } else same = a === b;
    return op === '==' ? same : !same;
  }
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (x: PySet, y: PySet): boolean => [...x.values()].every((k) => y.has(k));
    if (op === '<=') return sub(a, b);
    if (op === '>=') return sub(b, a);
    if (op === '<') return sub(a, b) && a.size < b.size;
    return sub(b, a) && b.size < a.size;
  }
  throw pyErr('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw pyErr('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof PySet) return container.has(item);
  if (container instanceof PyDictView && container.kind === 'keys') return container.dict.has(item);
  if (container instanceof PyList || container instanceof PyTuple) {
    for (const x of container.items) if (x === item || eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyRange) {
    if (typeof item !== 'bigint') { for (const x of iterate(container)) if (eq(x, item)) return true; return false; }
    const { start, stop, step } = container;
    if (step > 0n ? item < start || item >= stop : item > start || item <= stop) return false;
    return (item - start) % step === 0n;
  }
  if (container instanceof PyInstance) {
    const r = dunder(container, '__contains__', [item]);
    if (r !== undefined) return truthy(r);
  }
  if (container instanceof PyClass) throw pyErr('TypeError', "argument of type 'type' is not iterable");
  for (const x of iterate(container)) if (x === item || eq(x, item)) return true;
  return false;
}

export function is(a: PyValue, b: PyValue): boolean {
  // Small ints and equal floats are interned in practice; value types compare by value here.
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  return a === b;
}
