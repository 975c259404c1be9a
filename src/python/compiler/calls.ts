// Calls, function objects (def/lambda code, parameters), comprehensions and zero-argument super().
import { PyDict, PyList, type PyValue } from '../host';
import type { SyntaxNode } from '../parser';
import {
  PyClass, PyFunction, PyIterator, PyInstance, PySet, PySuper, Scope, notSupported, pyErr, type FunctionCode, type ParamSpec,
} from '../objects';
import { RETURN, type Expr, type Frame, type Stmt } from '../frame';
import { call, callMethod, iterate, typeName } from '../runtime';
import { truthy } from '../ops';
import { ScopeInfo, collectBindings, collectTarget, resolve } from './scope';
import { compileExpr, compileStore, lineOf, unsupported, type CompileState } from './expressions';
import { compileGenBlock, makeGenerator } from './generators';
import { compileBlock } from './statements';
import { maxItems, memoryError, extendItems } from '../limits';

interface ArgPart { kind: 'pos' | 'star' | 'kw' | 'starstar'; name?: string; e: Expr }

function compileArgs(argList: SyntaxNode, cs: CompileState): ArgPart[] {
  if (argList.type === 'generator_expression') return [{ kind: 'pos', e: compileExpr(argList, cs) }];
  const parts: ArgPart[] = [];
  for (const c of argList.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'list_splat') parts.push({ kind: 'star', e: compileExpr(c.namedChildren[0]!, cs) });
    else if (c.type === 'dictionary_splat') parts.push({ kind: 'starstar', e: compileExpr(c.namedChildren[0]!, cs) });
    else if (c.type === 'keyword_argument') {
      parts.push({ kind: 'kw', name: c.childForFieldName('name')!.text, e: compileExpr(c.childForFieldName('value')!, cs) });
    } else parts.push({ kind: 'pos', e: compileExpr(c, cs) });
  }
  return parts;
}

export function compileCall(n: SyntaxNode, cs: CompileState): Expr {
  const fnNode = n.childForFieldName('function')!;
  const parts = compileArgs(n.childForFieldName('arguments')!, cs);
  if (fnNode.type === 'identifier' && fnNode.text === 'super' && parts.length === 0 && resolve('super', cs.scope).kind === 'global') {
    return compileSuper(n, cs);
  }
  const simple = parts.every((p) => p.kind === 'pos');
  const evalArgs = (f: Frame, args: PyValue[]): Map<string, PyValue> | null => {
    let kwargs: Map<string, PyValue> | null = null;
    for (const p of parts) {
      switch (p.kind) {
        case 'pos': args.push(p.e(f)); break;
        case 'star': extendItems(args, iterate(p.e(f))); break;
        case 'kw':
          kwargs ??= new Map();
          if (kwargs.has(p.name!)) throw pyErr('SyntaxError', `keyword argument repeated: ${p.name}`);
          kwargs.set(p.name!, p.e(f));
          break;
        case 'starstar': {
          const d = p.e(f);
          if (!(d instanceof PyDict)) throw pyErr('TypeError', `argument after ** must be a mapping, not ${typeName(d)}`);
          kwargs ??= new Map();
          for (const [k, v] of d.entries()) {
            if (typeof k !== 'string') throw pyErr('TypeError', 'keywords must be strings');
            if (kwargs.has(k)) throw pyErr('TypeError', `got multiple values for keyword argument '${k}'`);
            kwargs.set(k, v);
          }
        }
      }
    }
    return kwargs;
  };
  const es = parts.map((p) => p.e);
  const fill = simple
    ? (f: Frame, args: PyValue[]): Map<string, PyValue> | null => { for (let i = 0; i < es.length; i++) args.push(es[i](f)); return null; }
    : evalArgs;
  if (fnNode.type === 'attribute') {
    const obj = compileExpr(fnNode.childForFieldName('object')!, cs);
    const name = fnNode.childForFieldName('attribute')!.text;
    return (f) => {
      const o = obj(f);
      const t = f.ctx.temps;
      const args: PyValue[] = [];
      t.push(o, args);
      const kwargs = fill(f, args);
      const r = callMethod(o, name, args, kwargs);
      t.pop(); t.pop();
      return r;
    };
  }
  const fnE = compileExpr(fnNode, cs);
  return (f) => {
    const fn = fnE(f);
    const t = f.ctx.temps;
    const args: PyValue[] = [];
    t.push(fn, args);
    const kwargs = fill(f, args);
    const r = call(fn, args, kwargs);
    t.pop(); t.pop();
    return r;
  };
}

function compileSuper(n: SyntaxNode, _cs: CompileState): Expr {
  const line = lineOf(n);
  return (f) => {
    const fn = f.fn;
    if (!fn || !fn.ownerClass) throw pyErr('RuntimeError', 'super(): __class__ cell not found');
    const first = fn.code.params.names[0] ?? fn.code.params.varargs;
    // Inside a comprehension the method's first argument lives one scope up.
    let s: Scope | null = f.scope;
    while (s && first !== null && s.lookup(first) === undefined) s = s.up;
    const self = first !== null && s ? s.lookup(first) : undefined;
    if (self === undefined) throw pyErr('RuntimeError', 'super(): no arguments');
    if (!(self instanceof PyInstance || self instanceof PyClass)) throw notSupported('super() on a non-Python object', line);
    return new PySuper(fn.ownerClass, self);
  };
}

// ----- functions ---------------------------------------------------------------------------------------

export interface CompiledParams {
  spec: ParamSpec;
  /** Default value expressions, evaluated when the def runs. */
  defaults: Expr[];
  kwDefaults: Array<[string, Expr]>;
}

export function compileParams(params: SyntaxNode | null, cs: CompileState): CompiledParams {
  const spec: ParamSpec = { names: [], nDefaults: 0, varargs: null, kwonly: [], varkw: null };
  const defaults: Expr[] = [];
  const kwDefaults: Array<[string, Expr]> = [];
  let afterStar = false;
  for (const p of params?.namedChildren ?? []) {
    if (!p || p.type === 'comment') continue;
    let name: string;
    let def: Expr | null = null;
    switch (p.type) {
      case 'identifier': name = p.text; break;
      case 'typed_parameter':
        if (p.namedChildren[0]!.type === 'list_splat_pattern') { spec.varargs = p.namedChildren[0]!.namedChildren[0]!.text; afterStar = true; continue; }
        if (p.namedChildren[0]!.type === 'dictionary_splat_pattern') { spec.varkw = p.namedChildren[0]!.namedChildren[0]!.text; continue; }
        name = p.namedChildren[0]!.text; break;
      case 'default_parameter': case 'typed_default_parameter':
        name = p.childForFieldName('name')!.text;
        def = compileExpr(p.childForFieldName('value')!, cs);
        break;
      case 'list_splat_pattern': spec.varargs = p.namedChildren[0]!.text; afterStar = true; continue;
      case 'dictionary_splat_pattern': spec.varkw = p.namedChildren[0]!.text; continue;
      case 'keyword_separator': afterStar = true; continue;
      case 'positional_separator': continue;
      default: throw notSupported(`parameter ${p.type}`, lineOf(p));
    }
    if (afterStar) {
      spec.kwonly.push(name);
      if (def) kwDefaults.push([name, def]);
    } else {
      spec.names.push(name);
      if (def) { defaults.push(def); spec.nDefaults++; } else if (spec.nDefaults > 0) {
        throw pyErr('SyntaxError', 'non-default argument follows default argument');
      }
    }
  }
  return { spec, defaults, kwDefaults };
}

function paramNames(spec: ParamSpec): string[] {
  return [...spec.names, ...(spec.varargs ? [spec.varargs] : []), ...spec.kwonly, ...(spec.varkw ? [spec.varkw] : [])];
}

/** Builds the code object for a def (body = block) or lambda (body = expression). */
export function makeCode(
  name: string, n: SyntaxNode, params: CompiledParams, body: SyntaxNode, isLambda: boolean, cs: CompileState,
): FunctionCode {
  const scope = new ScopeInfo('function', cs.scope, name);
  for (const p of paramNames(params.spec)) { scope.locals.add(p); scope.slotOf(p); }
  const inner: CompileState = { scope, file: cs.file, qual: `${cs.qual}${name}.<locals>.` };
  let run: (f: unknown) => PyValue;
  if (isLambda) {
    const e = compileExpr(body, inner);
    run = (f) => e(f as Frame);
  } else {
    collectBindings(body, scope);
    const hasYield = body.descendantsOfType(['yield']).some((y) => y && ownsNode(body, y));
    if (hasYield) {
      const g = compileGenBlock(body, inner);
      run = (f) => makeGenerator(f as Frame, g);
    } else {
      const b: Stmt = compileBlock(body, inner);
      run = (f) => (b(f as Frame) === RETURN ? (f as Frame).retval : null);
    }
  }
  return { name, file: cs.file, line: lineOf(n), params: params.spec, slotNames: scope.slotNames, run };
}

/** True when `y` belongs to the function whose body is `body` (not to a nested def/lambda). */
function ownsNode(body: SyntaxNode, y: SyntaxNode): boolean {
  for (let p = y.parent; p; p = p.parent) {
    if (p.id === body.id) return true;
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return false;
  }
  return false;
}

/** Creates the function object at run time: evaluates defaults, captures the closure. */
export function functionMaker(code: FunctionCode, params: CompiledParams, qualname: string): (f: Frame) => PyFunction {
  return (f) => {
    const defaults = params.defaults.map((d) => d(f));
    const kwDefaults = new Map<string, PyValue>();
    for (const [k, d] of params.kwDefaults) kwDefaults.set(k, d(f));
    return new PyFunction(code, defaults, kwDefaults, f.closureScope, f.globals, qualname);
  };
}

export function compileLambda(n: SyntaxNode, cs: CompileState): Expr {
  const params = compileParams(n.childForFieldName('parameters'), cs);
  const code = makeCode('<lambda>', n, params, n.childForFieldName('body')!, true, cs);
  return functionMaker(code, params, `${cs.qual}<lambda>`);
}

// ----- comprehensions ----------------------------------------------------------------------------------

type CompStep = { kind: 'for'; store: (f: Frame, v: PyValue) => void; iter: Expr } | { kind: 'if'; cond: Expr };

/**
 * A generator expression runs lazily, one item per next() (as in Python: `next(x for x in itertools.count()
 * if p(x))` ends). The first iterable is evaluated and iter()'d at once; the rest runs inside the consumer's
 * next(), with the comprehension's frame pushed for line numbers, and its iterables and locals kept visible to
 * memory sweeps through the iterator (`scope`, `held`, roots) while it is suspended.
 */
function lazyGenexp(firstIter: Expr, steps: CompStep[], val: Expr): Expr {
  return (f) => {
    const first = firstIter(f);
    const firstIt = iterate(first)[Symbol.iterator]();
    const cf = f.child('<comprehension>');
    const held: PyValue[] = [first];
    function* run(i: number): Generator<PyValue, void, undefined> {
      if (i === steps.length) { yield val(cf); return; }
      const s = steps[i];
      if (s.kind === 'if') { if (truthy(s.cond(cf))) yield* run(i + 1); return; }
      let it: Iterator<PyValue>;
      if (i === 0) it = firstIt;
      else { const src = s.iter(cf); held.push(src); it = iterate(src)[Symbol.iterator](); }
      try {
        for (let r = it.next(); !r.done; r = it.next()) { cf.ctx.pollStop(); s.store(cf, r.value); yield* run(i + 1); }
      } finally { if (i > 0) held.pop(); }
    }
    const g = run(0);
    let done = false;
    const it: Iterator<PyValue> & { scope: Frame['scope']; held: PyValue[] } = {
      scope: cf.scope,
      held,
      next(): IteratorResult<PyValue> {
        if (done) return { done: true, value: undefined };
        const ctx = cf.ctx;
        ctx.pushFrame(cf);
        const depth = ctx.frames.length;
        try {
          const r = g.next();
          if (r.done) { done = true; return { done: true, value: undefined }; }
          return { done: false, value: r.value };
        } catch (e) { done = true; throw e; } finally { ctx.frames.length = Math.min(ctx.frames.length, depth - 1); }
      },
    };
    return new PyIterator(it, 'generator', first, () => {
      const out: PyValue[] = [...held];
      for (let s: Frame['scope'] | null = cf.scope; s; s = s.up) s.forEachValue((v) => out.push(v));
      return out;
    });
  };
}

export function compileComprehension(n: SyntaxNode, cs: CompileState): Expr {
  const scope = new ScopeInfo('comprehension', cs.scope, '<comprehension>');
  const clauses = n.namedChildren.filter((c): c is SyntaxNode => !!c && (c.type === 'for_in_clause' || c.type === 'if_clause'));
  for (const c of clauses) if (c.type === 'for_in_clause') collectTarget(c.childForFieldName('left')!, scope);
  if (clauses.some((c) => c.children.some((x) => x?.type === 'async'))) return unsupported('async comprehensions', n);
  const inner: CompileState = { scope, file: cs.file, qual: cs.qual };
  // The first iterable is evaluated in the enclosing scope, as in Python.
  const firstIter = compileExpr(clauses[0].childForFieldName('right')!, cs);
  const steps: CompStep[] = clauses.map((c, i) => c.type === 'for_in_clause'
    ? { kind: 'for', store: compileStore(c.childForFieldName('left')!, inner), iter: i === 0 ? firstIter : compileExpr(c.childForFieldName('right')!, inner) }
    : { kind: 'if', cond: compileExpr(c.namedChildren[0]!, inner) });
  const bodyNode = n.childForFieldName('body')!;
  const isDict = n.type === 'dictionary_comprehension';
  const kind = n.type; // nodes must not be touched at run time: the tree is freed after compiling
  const key = isDict ? compileExpr(bodyNode.childForFieldName('key')!, inner) : null;
  const val = compileExpr(isDict ? bodyNode.childForFieldName('value')! : bodyNode, inner);
  if (kind === 'generator_expression') return lazyGenexp(firstIter, steps, val);
  return (f) => {
    const first = firstIter(f);
    const cf = f.child('<comprehension>');
    const out: PyValue[] = [];
    const dict = isDict ? new PyDict() : null;
    f.ctx.pushFrame(cf);
    f.ctx.temps.push(out, dict);
    const run = (i: number): void => {
      if (i === steps.length) {
        if (dict) { const k = key!(cf); dict.set(k, val(cf)); } else {
          if (out.length >= maxItems) throw memoryError();
          out.push(val(cf));
        }
        return;
      }
      const s = steps[i];
      if (s.kind === 'if') { if (truthy(s.cond(cf))) run(i + 1); return; }
      const ctx = cf.ctx;
      const src = i === 0 ? first : s.iter(cf);
      ctx.temps.push(src); // the iterable stays a GC root while the element expression runs
      for (const x of iterate(src)) { ctx.pollStop(); s.store(cf, x); run(i + 1); }
      ctx.temps.pop();
    };
    try { run(0); } finally { f.ctx.popFrame(); }
    f.ctx.temps.pop(); f.ctx.temps.pop();
    switch (kind) {
      case 'list_comprehension': return new PyList(out);
      case 'set_comprehension': return new PySet(out);
      case 'dictionary_comprehension': return dict;
      // The source keeps the values visible to memory sweeps while the iterator is pending.
      default: return new PyIterator(out[Symbol.iterator](), 'generator', new PyList(out));
    }
  };
}

