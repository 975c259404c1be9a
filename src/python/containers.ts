// Subscripting, slicing and len() for built-in sequences and mappings, Python classes and HostObjects.
import { PyDict, PyList, PySlice, PyTuple, isHost, type PyValue } from './host';
import { PyClass, PyDictView, PyInstance, PyRange, PySet, pyErr, keyError } from './objects';
import { bindDescriptor, call, typeName } from './runtime';
import { repr } from './format';
import { checkSize, toItems } from './limits';

function toIndex(v: PyValue, what: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isHost(v) && v.toInt && !(v.toFloat && !Number.isInteger(v.toFloat()))) return Number(v.toInt());
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__index__');
    if (m !== undefined) return Number(call(bindDescriptor(m, v, v.cls), []) as bigint);
  }
  throw pyErr('TypeError', `${what} indices must be integers or slices, not ${typeName(v)}`);
}

/** slice.indices(len): normalised start, stop, step as Python computes them. */
export function sliceIndices(s: PySlice, len: number): [number, number, number] {
  const step = s.step === null ? 1 : toIndex(s.step, 'slice');
  if (step === 0) throw pyErr('ValueError', 'slice step cannot be zero');
  const norm = (v: PyValue, def: number, lo: number, hi: number): number => {
    if (v === null) return def;
    let i = toIndex(v, 'slice');
    if (i < 0) i += len;
    return Math.min(Math.max(i, lo), hi);
  };
  if (step > 0) return [norm(s.start, 0, 0, len), norm(s.stop, len, 0, len), step];
  return [norm(s.start, len - 1, -1, len - 1), norm(s.stop, -1, -1, len - 1), step];
}

function sliceSeq<T>(items: readonly T[], s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, items.length);
  if (step === 1) return items.slice(start, Math.max(start, stop));
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(items[i]);
  else for (let i = start; i > stop; i += step) out.push(items[i]);
  return out;
}

function seqIndex(len: number, key: PyValue, what: string): number {
  let i = toIndex(key, what);
  if (i < 0) i += len;
  if (i < 0 || i >= len) throw pyErr('IndexError', `${what} index out of range`);
  return i;
}

export function getItem(obj: PyValue, key: PyValue): PyValue {
  if (obj instanceof PyList || obj instanceof PyTuple) {
    const what = obj instanceof PyList ? 'list' : 'tuple';
    if (key instanceof PySlice) return obj instanceof PyList ? new PyList(sliceSeq(obj.items, key)) : new PyTuple(sliceSeq(obj.items, key));
    return obj.items[seqIndex(obj.items.length, key, what)];
  }
  if (obj instanceof PyDict) {
    const v = obj.get(key);
    // Native dict kinds (defaultdict, Counter) answer a missing key themselves.
    if (v === undefined) { if (isHost(obj) && obj.getItem) return obj.getItem(key); throw keyError(key, repr(key)); }
    return v;
  }
  if (isHost(obj)) {
    if (obj.getItem) return obj.getItem(key);
    throw pyErr('TypeError', `'${obj.pyTypeName()}' object is not subscriptable`);
  }
  if (typeof obj === 'string') {
    const chars = [...obj];
    if (key instanceof PySlice) return sliceSeq(chars, key).join('');
    return chars[seqIndex(chars.length, key, 'string')];
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__getitem__');
    if (m !== undefined) return call(bindDescriptor(m, obj, obj.cls), [key]);
  }
  if (obj instanceof PyRange) {
    if (key instanceof PySlice) {
      // range(...)[a:b:c] is a range again, as in Python.
      const [i0, i1, s] = sliceIndices(key, obj.length);
      return new PyRange(obj.start + BigInt(i0) * obj.step, obj.start + BigInt(i1) * obj.step, obj.step * BigInt(s));
    }
    const i = seqIndex(obj.length, key, 'range object');
    return obj.start + BigInt(i) * obj.step;
  }
  if (obj instanceof PyClass && !obj.builtin) {
    const m = obj.lookup('__class_getitem__');
    if (m !== undefined) return call(bindDescriptor(m, obj, obj), [key]);
  }
  if (obj instanceof PyClass) return obj; // list[int], dict[str, float] annotations
  throw pyErr('TypeError', `'${typeName(obj)}' object is not subscriptable`);
}

/** Replaces a list's contents in place (other holders of the array see the change, as with one list object). */
function replaceItems(items: PyValue[], next: readonly PyValue[]): void {
  items.length = 0;
  for (let i = 0; i < next.length; i++) items.push(next[i]);
}

export function setItem(obj: PyValue, key: PyValue, value: PyValue, iterateFn: (v: PyValue) => Iterable<PyValue>): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      const vals = toItems(value, iterateFn);
      if (step === 1) {
        // Rebuilt, not splice(start, n, ...vals): a spread of a million values overflows the call stack.
        const items = obj.items;
        checkSize(items.length - Math.max(0, stop - start) + vals.length);
        replaceItems(items, [...items.slice(0, start), ...vals, ...items.slice(Math.max(start, stop))]);
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      if (idx.length !== vals.length) throw pyErr('ValueError', `attempt to assign sequence of size ${vals.length} to extended slice of size ${idx.length}`);
      idx.forEach((i, j) => { obj.items[i] = vals[j]; });
      return;
    }
    obj.items[seqIndex(obj.items.length, key, 'list assignment')] = value;
    return;
  }
  if (obj instanceof PyDict) { obj.set(key, value); return; }
  if (isHost(obj)) {
    if (obj.setItem) { obj.setItem(key, value); return; }
    throw pyErr('TypeError', `'${obj.pyTypeName()}' object does not support item assignment`);
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__setitem__');
    if (m !== undefined) { call(bindDescriptor(m, obj, obj.cls), [key, value]); return; }
  }
  throw pyErr('TypeError', `'${typeName(obj)}' object does not support item assignment`);
}

export function delItem(obj: PyValue, key: PyValue): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      if (step === 1) { obj.items.splice(start, Math.max(0, stop - start)); return; }
      const drop = new Set<number>();
      if (step > 0) for (let i = start; i < stop; i += step) drop.add(i);
      else for (let i = start; i > stop; i += step) drop.add(i);
      replaceItems(obj.items, obj.items.filter((_x, i) => !drop.has(i)));
      return;
    }
    obj.items.splice(seqIndex(obj.items.length, key, 'list assignment'), 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!obj.delete(key)) throw keyError(key, repr(key));
    return;
  }
  if (obj instanceof PyInstance) {
    const m = obj.cls.lookup('__delitem__');
    if (m !== undefined) { call(bindDescriptor(m, obj, obj.cls), [key]); return; }
  }
  throw pyErr('TypeError', `'${typeName(obj)}' object doesn't support item deletion`);
}

export function len(v: PyValue): number {
  if (typeof v === 'string') return [...v].length;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.size;
  if (v instanceof PyRange) return v.length;
  if (v instanceof PyDictView) return v.dict.size;
  if (isHost(v) && v.len) return v.len();
  if (v instanceof PyInstance) {
    const m = v.cls.lookup('__len__');
    if (m !== undefined) {
      const r = call(bindDescriptor(m, v, v.cls), []);
      if (typeof r !== 'bigint' && typeof r !== 'boolean') throw pyErr('TypeError', `'${typeName(r)}' object cannot be interpreted as an integer`);
      return Number(r);
    }
  }
  throw pyErr('TypeError', `object of type '${typeName(v)}' has no len()`);
}
