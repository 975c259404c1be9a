// Methods of built-in values (str, list, dict, tuple, set, int, float). Looked up by name per type; a name
// not listed here is an AttributeError, never a JS property.
import { HostFunction, PyDict, PyList, PySlice, PyTuple, type PyValue } from './host';
import { PyDictView, PyRange, PySet, pyErr, keyError } from './objects';
import { DICT, FLOAT, INT, LIST, SET, STR, TUPLE, call, iterate, typeName } from './runtime';
import { compare, eq, truthy } from './ops';
import { repr, strFormat, floatRepr } from './format';
import { getItem, sliceIndices } from './containers';
import { getAttr } from './runtime';
import { checkSize, extendItems, maxItems, memoryError, toItems } from './limits';

type Impl = (self: any, args: PyValue[], kwargs: Map<string, PyValue>) => PyValue; // eslint-disable-line @typescript-eslint/no-explicit-any

function argStr(v: PyValue, fn: string): string {
  if (typeof v !== 'string') throw pyErr('TypeError', `${fn}() argument must be str, not ${typeName(v)}`);
  return v;
}
const optInt = (v: PyValue | undefined, def: number): number => (v === undefined || v === null ? def : Number(v));

/** Python's str.split(None): runs of whitespace, leading/trailing ignored. */
function splitWhitespace(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s.replace(/^\s+/, '');
  while (rest.length) {
    if (max >= 0 && out.length === max) { out.push(rest); return out; }
    const m = /\s+/.exec(rest);
    if (!m) { out.push(rest); break; }
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

function stripChars(s: string, chars: PyValue | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : new Set([...argStr(chars, 'strip')]);
  const isStrip = (c: string): boolean => (set ? set.has(c) : /\s/.test(c));
  const cs = [...s];
  let a = 0, b = cs.length;
  if (left) while (a < b && isStrip(cs[a])) a++;
  if (right) while (b > a && isStrip(cs[b - 1])) b--;
  return cs.slice(a, b).join('');
}

/** A padding width (ljust, center…): past the size cap the result could not be held. */
function width(v: PyValue): number {
  const w = Number(v);
  checkSize(w);
  return w;
}

const strMethods: Record<string, Impl> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, a) => stripChars(s, a[0], true, true),
  lstrip: (s: string, a) => stripChars(s, a[0], true, false),
  rstrip: (s: string, a) => stripChars(s, a[0], false, true),
  split: (s: string, a, k) => {
    const sep = a[0] ?? k.get('sep') ?? null;
    const max = optInt(a[1] ?? k.get('maxsplit'), -1);
    if (sep === null) return new PyList(splitWhitespace(s, max));
    const sp = argStr(sep, 'split');
    if (sp === '') throw pyErr('ValueError', 'empty separator');
    const parts = s.split(sp);
    if (max >= 0 && parts.length > max + 1) return new PyList([...parts.slice(0, max), parts.slice(max).join(sp)]);
    return new PyList(parts);
  },
  rsplit: (s: string, a) => {
    if (a[1] === undefined || Number(a[1]) < 0) return strMethods.split(s, a, new Map());
    const sp = a[0] === null || a[0] === undefined ? ' ' : argStr(a[0], 'rsplit');
    const parts = s.split(sp);
    const max = Number(a[1]);
    if (parts.length > max + 1) return new PyList([parts.slice(0, parts.length - max).join(sp), ...parts.slice(parts.length - max)]);
    return new PyList(parts);
  },
  splitlines: (s: string) => new PyList(s.split(/\r\n|\r|\n/).filter((_x, i, arr) => i < arr.length - 1 || arr[i] !== '')),
  join: (s: string, a) => {
    const parts = toItems(a[0], iterate);
    let total = s.length * Math.max(0, parts.length - 1);
    for (let i = 0; i < parts.length; i++) {
      const x = parts[i];
      if (typeof x !== 'string') throw pyErr('TypeError', `sequence item ${i}: expected str instance, ${typeName(x)} found`);
      total += x.length;
    }
    checkSize(total);
    return parts.join(s);
  },
  replace: (s: string, a) => {
    const count = optInt(a[2], -1);
    const from = argStr(a[0], 'replace'), to = argStr(a[1], 'replace');
    const parts = s.split(from);
    checkSize(s.length + (parts.length - 1) * Math.max(0, to.length - from.length));
    if (count < 0) return parts.join(to);
    return parts.slice(0, count + 1).join(to) + (parts.length > count + 1 ? from + parts.slice(count + 1).join(from) : '');
  },
  startswith: (s: string, a) => (a[0] instanceof PyTuple ? a[0].items.some((p) => s.startsWith(p as string)) : s.startsWith(argStr(a[0], 'startswith'), optInt(a[1], 0))),
  endswith: (s: string, a) => (a[0] instanceof PyTuple ? a[0].items.some((p) => s.endsWith(p as string)) : s.endsWith(argStr(a[0], 'endswith'))),
  find: (s: string, a) => BigInt(s.indexOf(argStr(a[0], 'find'), optInt(a[1], 0))),
  rfind: (s: string, a) => BigInt(s.lastIndexOf(argStr(a[0], 'rfind'))),
  index: (s: string, a) => {
    const i = s.indexOf(argStr(a[0], 'index'), optInt(a[1], 0));
    if (i < 0) throw pyErr('ValueError', 'substring not found');
    return BigInt(i);
  },
  count: (s: string, a) => BigInt(argStr(a[0], 'count') === '' ? s.length + 1 : s.split(a[0] as string).length - 1),
  format: (s: string, a, k) => strFormat(s, a, k, getAttr, getItem),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s: string) => s.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
  center: (s: string, a) => { const w = width(a[0]), fill = (a[1] as string) ?? ' '; const n = Math.max(0, w - s.length); const l = Math.floor(n / 2) + (n % 2 && w % 2 ? 1 : 0); return fill.repeat(l) + s + fill.repeat(n - l); },
  ljust: (s: string, a) => s.padEnd(width(a[0]), (a[1] as string) ?? ' '),
  rjust: (s: string, a) => s.padStart(width(a[0]), (a[1] as string) ?? ' '),
  zfill: (s: string, a) => { const w = width(a[0]); const sign = /^[+-]/.test(s) ? s[0] : ''; return sign + s.slice(sign.length).padStart(w - sign.length, '0'); },
  isdigit: (s: string) => s.length > 0 && /^\d+$/.test(s),
  isnumeric: (s: string) => s.length > 0 && /^\d+$/.test(s),
  isalpha: (s: string) => s.length > 0 && /^\p{L}+$/u.test(s),
  isalnum: (s: string) => s.length > 0 && /^[\p{L}\d]+$/u.test(s),
  isspace: (s: string) => s.length > 0 && /^\s+$/.test(s),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  partition: (s: string, a) => { const sep = argStr(a[0], 'partition'); const i = s.indexOf(sep); return i < 0 ? new PyTuple([s, '', '']) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]); },
  encode: () => { throw pyErr('NotSupported', 'bytes'); },
};

const listMethods: Record<string, Impl> = {
  append: (l: PyList, a) => { if (l.items.length >= maxItems) throw memoryError(); l.items.push(a[0]); return null; },
  extend: (l: PyList, a) => { extendItems(l.items, a[0] === l ? l.items.slice() : iterate(a[0])); return null; },
  pop: (l: PyList, a) => {
    if (l.items.length === 0) throw pyErr('IndexError', 'pop from empty list');
    let i = optInt(a[0], l.items.length - 1);
    if (i < 0) i += l.items.length;
    if (i < 0 || i >= l.items.length) throw pyErr('IndexError', 'pop index out of range');
    return l.items.splice(i, 1)[0];
  },
  insert: (l: PyList, a) => { checkSize(l.items.length + 1); let i = Number(a[0]); if (i < 0) i = Math.max(0, i + l.items.length); l.items.splice(i, 0, a[1]); return null; },
  remove: (l: PyList, a) => {
    const i = l.items.findIndex((x) => eq(x, a[0]));
    if (i < 0) throw pyErr('ValueError', 'list.remove(x): x not in list');
    l.items.splice(i, 1);
    return null;
  },
  index: (l: PyList, a) => seqIndexOf(l.items, a[0], 'list'),
  count: (l: PyList, a) => BigInt(l.items.filter((x) => eq(x, a[0])).length),
  reverse: (l: PyList) => { l.items.reverse(); return null; },
  sort: (l: PyList, _a, k) => { const sorted = sortValues(l.items, k.get('key') ?? null, truthy(k.get('reverse') ?? false)); for (let i = 0; i < sorted.length; i++) l.items[i] = sorted[i]; return null; },
  copy: (l: PyList) => new PyList(l.items.slice()),
  clear: (l: PyList) => { l.items.length = 0; return null; },
};

function seqIndexOf(items: readonly PyValue[], v: PyValue, what: string): bigint {
  const i = items.findIndex((x) => x === v || eq(x, v));
  if (i < 0) throw pyErr('ValueError', what === 'list' ? `${repr(v)} is not in list` : 'tuple.index(x): x not in tuple');
  return BigInt(i);
}

/** Stable sort with Python comparison (`<`), optional key function and reverse. */
export function sortValues(items: readonly PyValue[], key: PyValue, reverse: boolean): PyValue[] {
  const keyed = items.map((v) => ({ v, k: key === null ? v : call(key, [v]) }));
  const lt = (a: PyValue, b: PyValue): boolean => truthy(compare('<', a, b));
  keyed.sort((x, y) => (lt(x.k, y.k) ? -1 : lt(y.k, x.k) ? 1 : 0));
  if (reverse) {
    // Python's reverse keeps equal elements in original order.
    const out: typeof keyed = [];
    let i = keyed.length;
    while (i > 0) {
      let j = i - 1;
      while (j > 0 && !lt(keyed[j - 1].k, keyed[j].k) && !lt(keyed[j].k, keyed[j - 1].k)) j--;
      for (let m = j; m < i; m++) out.push(keyed[m]);
      i = j;
    }
    return out.map((x) => x.v);
  }
  return keyed.map((x) => x.v);
}

const tupleMethods: Record<string, Impl> = {
  index: (t: PyTuple, a) => seqIndexOf(t.items, a[0], 'tuple'),
  count: (t: PyTuple, a) => BigInt(t.items.filter((x) => eq(x, a[0])).length),
};

const dictMethods: Record<string, Impl> = {
  get: (d: PyDict, a) => d.get(a[0]) ?? a[1] ?? null,
  keys: (d: PyDict) => new PyDictView(d, 'keys'),
  values: (d: PyDict) => new PyDictView(d, 'values'),
  items: (d: PyDict) => new PyDictView(d, 'items'),
  pop: (d: PyDict, a) => {
    const v = d.get(a[0]);
    if (v === undefined) { if (a.length > 1) return a[1]; throw keyError(a[0], repr(a[0])); }
    d.delete(a[0]);
    return v;
  },
  setdefault: (d: PyDict, a) => { const v = d.get(a[0]); if (v !== undefined) return v; d.set(a[0], a[1] ?? null); return a[1] ?? null; },
  update: (d: PyDict, a, k) => {
    if (a[0] instanceof PyDict) for (const [x, y] of a[0].entries()) d.set(x, y);
    else if (a[0] !== undefined) for (const p of iterate(a[0])) { const [x, y] = toItems(p, iterate); d.set(x, y); }
    for (const [x, y] of k) d.set(x, y);
    return null;
  },
  copy: (d: PyDict) => { const c = new PyDict(); for (const [k, v] of d.entries()) c.set(k, v); return c; },
  clear: (d: PyDict) => { for (const k of [...d.keys()]) d.delete(k); return null; },
  popitem: (d: PyDict) => {
    const last = [...d.entries()].pop();
    if (!last) throw pyErr('KeyError', "'popitem(): dictionary is empty'");
    d.delete(last[0]);
    return new PyTuple(last);
  },
};

const setMethods: Record<string, Impl> = {
  add: (s: PySet, a) => { s.add(a[0]); return null; },
  remove: (s: PySet, a) => { if (!s.items.delete(a[0])) throw keyError(a[0], repr(a[0])); return null; },
  discard: (s: PySet, a) => { s.items.delete(a[0]); return null; },
  update: (s: PySet, a) => { for (const x of a) for (const v of iterate(x)) s.add(v); return null; },
  union: (s: PySet, a) => new PySet([...s.values(), ...a.flatMap((x) => [...iterate(x)])]),
  intersection: (s: PySet, a) => { const o = new PySet(iterate(a[0])); return new PySet([...s.values()].filter((v) => o.has(v))); },
  difference: (s: PySet, a) => { const o = new PySet(iterate(a[0])); return new PySet([...s.values()].filter((v) => !o.has(v))); },
  issubset: (s: PySet, a) => { const o = new PySet(iterate(a[0])); return [...s.values()].every((v) => o.has(v)); },
  copy: (s: PySet) => new PySet(s.values()),
  pop: (s: PySet) => { const v = s.values().next(); if (v.done) throw pyErr('KeyError', "'pop from an empty set'"); s.items.delete(v.value); return v.value; },
  clear: (s: PySet) => { for (const k of [...s.values()]) s.items.delete(k); return null; },
};

const floatMethods: Record<string, Impl> = {
  is_integer: (x: number) => Number.isInteger(x),
  hex: () => { throw pyErr('NotSupported', 'float.hex'); },
  __repr__: (x: number) => floatRepr(x),
};
const intMethods: Record<string, Impl> = {
  bit_length: (x: bigint) => BigInt((x < 0n ? -x : x).toString(2).replace(/^0$/, '').length),
};
const rangeMethods: Record<string, Impl> = {
  index: (r: PyRange, a) => seqIndexOf(toItems(r, iterate), a[0], 'range'),
  count: (r: PyRange, a) => BigInt(toItems(r, iterate).filter((x) => eq(x, a[0])).length),
};
const sliceMethods: Record<string, Impl> = {
  indices: (s: PySlice, a) => new PyTuple(sliceIndices(s, Number(a[0])).map((x) => BigInt(x))),
};

function tableFor(obj: PyValue): Record<string, Impl> | null {
  switch (typeof obj) {
    case 'string': return strMethods;
    case 'number': return floatMethods;
    case 'bigint': return intMethods;
  }
  if (obj instanceof PyList) return listMethods;
  if (obj instanceof PyDict) return dictMethods;
  if (obj instanceof PyTuple) return tupleMethods;
  if (obj instanceof PySet) return setMethods;
  if (obj instanceof PyRange) return rangeMethods;
  if (obj instanceof PySlice) return sliceMethods;
  return null;
}

const dataAttrs: Record<string, (o: any) => PyValue> = { // eslint-disable-line @typescript-eslint/no-explicit-any
  real: (o) => (typeof o === 'number' || typeof o === 'bigint' ? o : undefined),
  imag: (o) => (typeof o === 'number' ? 0 : typeof o === 'bigint' ? 0n : undefined),
  start: (o) => (o instanceof PyRange || o instanceof PySlice ? o.start : undefined),
  stop: (o) => (o instanceof PyRange || o instanceof PySlice ? o.stop : undefined),
  step: (o) => (o instanceof PyRange || o instanceof PySlice ? o.step : undefined),
};

/** obj.name for built-in values; builtin type objects (str.join) give unbound methods. */
export function builtinMethod(obj: PyValue, name: string): PyValue | undefined {
  if (typeof obj === 'object' && obj !== null && 'native' in obj && (obj as { native?: unknown }).native) {
    // Unbound method through the type: str.upper("x"), dict.fromkeys(...)
    const table = obj === STR ? strMethods : obj === LIST ? listMethods : obj === DICT ? dictMethods
      : obj === TUPLE ? tupleMethods : obj === SET ? setMethods : obj === FLOAT ? floatMethods : obj === INT ? intMethods : null;
    if (obj === DICT && name === 'fromkeys') {
      return new HostFunction('fromkeys', (a) => { const d = new PyDict(); for (const k of iterate(a[0])) d.set(k, a[1] ?? null); return d; });
    }
    const impl = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!impl) return undefined;
    return new HostFunction(name, (a, k) => impl(a[0], a.slice(1), k));
  }
  if (Object.prototype.hasOwnProperty.call(dataAttrs, name)) {
    const v = dataAttrs[name](obj);
    if (v !== undefined) return v;
  }
  const table = tableFor(obj);
  if (!table || !Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const impl = table[name];
  return new HostFunction(name, (a, k) => impl(obj, a, k));
}

