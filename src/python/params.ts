// Python's parameter binding for calls of user functions: positional, *args, keyword-only, **kwargs and
// defaults, with CPython's TypeError messages (the qualname in 'f() missing 1 required positional argument').
// Parameters fill the first local slots in order: names, then *args, keyword-only names, **kwargs.
import { PyDict, PyTuple, type PyValue } from './host';
import { pyErr, type PyFunction } from './objects';

/** Binds call arguments to a function's parameter slots with Python's rules and error messages. */
export function bindParams(fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null, slots: PyValue[]): void {
  const p = fn.code.params;
  const names = p.names;
  const n = names.length;
  if (kwargs === null && p.varargs === null && p.kwonly.length === 0) {
    if (args.length === n) {
      for (let i = 0; i < n; i++) slots[i] = args[i];
      if (p.varkw !== null) slots[n] = new PyDict();
      return;
    }
    const firstDefault = n - p.nDefaults;
    if (args.length < n && args.length >= firstDefault) {
      // Positional arguments with the trailing defaults filled in (`opt.zero_grad()`, `f(x)` of `def f(x, k=1)`).
      for (let i = 0; i < args.length; i++) slots[i] = args[i];
      for (let i = args.length; i < n; i++) slots[i] = fn.defaults[i - firstDefault];
      if (p.varkw !== null) slots[n] = new PyDict();
      return;
    }
  }
  const locals = new Map<string, PyValue>();
  bindGeneral(fn, args, kwargs, locals);
  const order = [...names, ...(p.varargs !== null ? [p.varargs] : []), ...p.kwonly, ...(p.varkw !== null ? [p.varkw] : [])];
  for (let i = 0; i < order.length; i++) slots[i] = locals.get(order[i]);
}

function bindGeneral(fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null, locals: Map<string, PyValue>): void {
  const p = fn.code.params;
  const names = p.names;
  const n = names.length;
  const firstDefault = n - p.nDefaults;
  const fname = `${fn.qualname}()`; // CPython 3.10+ names the qualified function: "Net.forward() missing ..."
  if (args.length > n && p.varargs === null) {
    throw pyErr('TypeError', `${fname} takes ${n} positional argument${n === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  for (let i = 0; i < Math.min(n, args.length); i++) locals.set(names[i], args[i]);
  if (p.varargs !== null) locals.set(p.varargs, new PyTuple(args.slice(n)));
  const extra = p.varkw !== null ? new PyDict() : null;
  if (kwargs) {
    for (const [k, v] of kwargs) {
      if (names.includes(k) || p.kwonly.includes(k)) {
        if (locals.has(k)) throw pyErr('TypeError', `${fname} got multiple values for argument '${k}'`);
        locals.set(k, v);
      } else if (extra) extra.set(k, v);
      else throw pyErr('TypeError', `${fname} got an unexpected keyword argument '${k}'`);
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < n; i++) {
    if (locals.has(names[i])) continue;
    if (i >= firstDefault) locals.set(names[i], fn.defaults[i - firstDefault]);
    else missing.push(names[i]);
  }
  if (missing.length) {
    throw pyErr('TypeError', `${fname} missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(missing.length > 2 ? ', ' : ' and ')}`);
  }
  for (const k of p.kwonly) {
    if (locals.has(k)) continue;
    const d = fn.kwDefaults.get(k);
    if (d === undefined) throw pyErr('TypeError', `${fname} missing 1 required keyword-only argument: '${k}'`);
    locals.set(k, d);
  }
  if (extra && p.varkw) locals.set(p.varkw, extra);
}
