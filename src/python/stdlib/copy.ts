// The copy module: copy and deepcopy with a memo, as Python does.
import { HostModule, PyDict, PyList, PyTuple, isHost, type PyValue } from '../host';
import { PyInstance, PySet } from '../objects';
import { call, getAttrOrUndefined } from '../runtime';
import { makeModule as module } from './native';

/**
 * copy: copy() and deepcopy() of Python containers and instances (memo-aware, so shared and cyclic references
 * stay shared). Native objects copy themselves through `__deepcopy__` (tensors: a detached clone) or are shared,
 * as Python shares modules, functions and classes.
 */
export function makeCopy(): HostModule {
  const shallow = (v: PyValue): PyValue => {
    if (isHost(v)) return v;
    if (v instanceof PyList) return new PyList([...v.items]);
    if (v instanceof PyDict) { const d = new PyDict(); for (const [k, x] of v.entries()) d.set(k, x); return d; }
    if (v instanceof PySet) return new PySet(v.values());
    if (v instanceof PyInstance) { const o = new PyInstance(v.cls); v.dict.forEach((x, k) => o.dict.set(k, x)); return o; }
    return v;
  };
  const deep = (v: PyValue, memo: Map<unknown, PyValue>): PyValue => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    let out: PyValue = v;
    if (isHost(v)) {
      const m = getAttrOrUndefined(v, '__deepcopy__');
      out = m === undefined ? v : call(m, [new PyDict()]);
      memo.set(v, out);
    } else if (v instanceof PyList) {
      const l = new PyList([]);
      memo.set(v, l);
      for (const x of v.items) l.items.push(deep(x, memo));
      out = l;
    } else if (v instanceof PyTuple) {
      out = new PyTuple(v.items.map((x) => deep(x, memo)));
      memo.set(v, out);
    } else if (v instanceof PyDict) {
      const d = new PyDict();
      memo.set(v, d);
      for (const [k, x] of v.entries()) d.set(deep(k, memo), deep(x, memo));
      out = d;
    } else if (v instanceof PySet) {
      out = new PySet([...v.values()].map((x) => deep(x, memo)));
      memo.set(v, out);
    } else if (v instanceof PyInstance) {
      const own = v.cls.lookup('__deepcopy__');
      if (own !== undefined) {
        out = call(getAttrOrUndefined(v, '__deepcopy__')!, [new PyDict()]);
        memo.set(v, out);
      } else {
        const o = new PyInstance(v.cls);
        memo.set(v, o);
        v.dict.forEach((x, k) => o.dict.set(k, deep(x, memo)));
        out = o;
      }
    }
    return out;
  };
  return module('copy', {
    copy: (a) => shallow(a[0]),
    deepcopy: (a) => deep(a[0], new Map()),
  });
}
