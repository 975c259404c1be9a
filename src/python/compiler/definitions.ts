// def, class, import, raise and with.
import { PyDict, PyList, PyTuple, isHost, type HostObject, type PyValue } from '../host';
import { getItem } from '../containers';
import type { SyntaxNode } from '../parser';
import {
  BASE_EXCEPTION, ClassMethod, NOT_SUPPORTED, OBJECT, PyClass, PyException, PyFunction, PyInstance, Property, Scope,
  StaticMethod, StopRun, TRACEBACK, notSupported, pyErr,
} from '../objects';
import { Frame, NORMAL, truncate, type Expr, type Stmt } from '../frame';
import { bindDescriptor, call, getAttrOrUndefined, toPyException, typeName } from '../runtime';
import { truthy } from '../ops';
import { str } from '../format';
import { ScopeInfo, collectBindings } from './scope';
import { compileExpr, compileStore, lineOf, type CompileState } from './expressions';
import { storeName } from './names';
import { compileParams, functionMaker, makeCode } from './calls';
import { compileBlock } from './statements';

function decoratorsOf(n: SyntaxNode, cs: CompileState): Expr[] {
  if (n.type !== 'decorated_definition') return [];
  return n.namedChildren.filter((c): c is SyntaxNode => c?.type === 'decorator')
    .map((d) => compileExpr(d.namedChildren.find((x) => x && x.type !== 'comment')!, cs));
}

function applyDecorators(f: Frame, decs: Expr[], v: PyValue): PyValue {
  // Decorators are evaluated top-down and applied bottom-up.
  const ds = decs.map((d) => d(f));
  for (let i = ds.length - 1; i >= 0; i--) v = call(ds[i], [v]);
  return v;
}

export function compileDef(n: SyntaxNode, cs: CompileState): Stmt {
  const decs = decoratorsOf(n, cs);
  const def = n.type === 'decorated_definition' ? n.childForFieldName('definition')! : n;
  const line = lineOf(n);
  if (def.children.some((c) => c?.type === 'async')) {
    return (f) => { f.line = line; throw notSupported('async functions', line); };
  }
  const name = def.childForFieldName('name')!.text;
  const params = compileParams(def.childForFieldName('parameters'), cs);
  const code = makeCode(name, def, params, def.childForFieldName('body')!, false, cs);
  const make = functionMaker(code, params, `${cs.qual}${name}`);
  const store = storeName(name, cs);
  const doc = docstring(def.childForFieldName('body')!);
  return (f) => {
    f.line = line;
    const fn = make(f);
    if (doc !== null) fn.attrs.set('__doc__', doc);
    store(f, decs.length ? applyDecorators(f, decs, fn) : fn);
    return NORMAL;
  };
}

function docstring(body: SyntaxNode): string | null {
  const first = body.namedChildren.find((c) => c && c.type !== 'comment');
  const s = first?.type === 'expression_statement' ? first.namedChildren[0] : null;
  if (s?.type !== 'string') return null;
  return s.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

/** Functions defined in a class body learn their class (zero-argument super()). */
function claimMethods(cls: PyClass): void {
  for (const v of cls.dict.values()) {
    const fns = v instanceof PyFunction ? [v]
      : v instanceof StaticMethod || v instanceof ClassMethod ? [v.fn]
        : v instanceof Property ? [v.fget, v.fset, v.fdel] : [];
    for (const fn of fns) if (fn instanceof PyFunction && fn.ownerClass === null) fn.ownerClass = cls;
  }
}

export function compileClass(n: SyntaxNode, cs: CompileState): Stmt {
  const decs = decoratorsOf(n, cs);
  const def = n.type === 'decorated_definition' ? n.childForFieldName('definition')! : n;
  const line = lineOf(n);
  const name = def.childForFieldName('name')!.text;
  const baseNodes = def.childForFieldName('superclasses')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
  if (baseNodes.some((b) => b.type === 'keyword_argument' || b.type === 'list_splat' || b.type === 'dictionary_splat')) {
    return (f) => { f.line = line; throw notSupported('class keywords (metaclass) or starred bases', line); };
  }
  const bases = baseNodes.map((b) => compileExpr(b, cs));
  const scope = new ScopeInfo('class', cs.scope, name);
  const body = def.childForFieldName('body')!;
  collectBindings(body, scope);
  const inner: CompileState = { scope, file: cs.file, qual: `${cs.qual}${name}.` };
  const bodyCode = compileBlock(body, inner);
  const annotations = classAnnotations(body, inner);
  const store = storeName(name, cs);
  const doc = docstring(body);
  return (f) => {
    f.line = line;
    const bs = bases.map((b) => b(f));
    for (const b of bs) {
      if (isHost(b)) throw notSupported(`subclassing the native class '${b.pyTypeName()}'`, line);
      if (!(b instanceof PyClass)) throw pyErr('TypeError', `bases must be types, not ${typeName(b)}`);
      if (b.native && b !== OBJECT) throw notSupported(`subclassing the built-in type '${b.name}'`, line);
    }
    const ns = new Map<string, PyValue>();
    ns.set('__module__', f.globals.get('__name__') ?? '__main__');
    ns.set('__qualname__', `${cs.qual}${name}`);
    if (doc !== null) ns.set('__doc__', doc);
    const cf = new Frame(f.ctx, f.file, name, new Scope(ns, f.closureScope), f.globals, f.closureScope, f.fn);
    f.ctx.pushFrame(cf);
    try {
      bodyCode(cf);
      ns.set('__annotations__', evalAnnotations(annotations, cf));
    } finally { f.ctx.popFrame(); }
    const cls = new PyClass(name, bs.length ? (bs as PyClass[]) : [OBJECT], ns, String(ns.get('__module__')));
    claimMethods(cls);
    initSubclass(cls);
    store(f, decs.length ? applyDecorators(f, decs, cls) : cls);
    return NORMAL;
  };
}

type Annotation = { name: string; type: (f: Frame) => PyValue; text: string };

/** `name: type` declarations directly in a class body, in order (dataclasses read them from __annotations__). */
function classAnnotations(body: SyntaxNode, cs: CompileState): Annotation[] {
  const out: Annotation[] = [];
  for (const st of body.namedChildren) {
    const a = st?.type === 'expression_statement' ? st.namedChildren[0] : null;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
    const t = a?.childForFieldName('type');
    if (left?.type === 'identifier' && t) out.push({ name: left.text, type: compileType(t, cs), text: t.text });
  }
  return out;
}

/** A type expression: tree-sitter's `generic_type` (List[int]) is a subscript; the rest are expressions. */
function compileType(t: SyntaxNode, cs: CompileState): (f: Frame) => PyValue {
  const kids = t.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  if (t.type === 'type' && kids.length === 1) return compileType(kids[0], cs);
  if (t.type === 'generic_type' && kids.length === 2) {
    const base = compileType(kids[0], cs);
    const params = kids[1].namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => compileType(c, cs));
    return (f) => getItem(base(f), params.length === 1 ? params[0](f) : new PyTuple(params.map((p) => p(f))));
  }
  if (t.type === 'list') {
    const items = t.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => compileType(c, cs));
    return (f) => new PyList(items.map((i) => i(f)));
  }
  return compileExpr(t, cs);
}

/** Annotations are evaluated after the body, in the class namespace; one that fails to evaluate keeps its text. */
function evalAnnotations(list: Annotation[], f: Frame): PyDict {
  const d = new PyDict();
  for (const a of list) {
    let v: PyValue;
    try { v = a.type(f); } catch (e) { if (!(e instanceof PyException) || e.value.cls === NOT_SUPPORTED) throw e; v = a.text; }
    d.set(a.name, v);
  }
  return d;
}

/** CPython calls the nearest base's __init_subclass__ (implicitly a classmethod) once the class exists. */
function initSubclass(cls: PyClass): void {
  for (const base of cls.mro.slice(1)) {
    const hook = base.dict.get('__init_subclass__');
    if (hook === undefined) continue;
    const fn = hook instanceof ClassMethod ? hook.fn : hook;
    if (fn instanceof PyFunction) call(fn, [cls]);
    return;
  }
}

export function compileImport(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const items = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => {
    if (c.type === 'aliased_import') {
      const mod = c.childForFieldName('name')!.text;
      return { mod, bind: storeName(c.childForFieldName('alias')!.text, cs), top: false };
    }
    const mod = c.text.replace(/\s+/g, '');
    return { mod, bind: storeName(mod.split('.')[0], cs), top: true };
  });
  return (f) => {
    f.line = line;
    for (const it of items) {
      // `import a.b` imports a, then a.b, and binds a; `import a.b as c` binds the submodule.
      const parts = it.mod.split('.');
      let first: PyValue = null;
      let last: PyValue = null;
      for (let i = 1; i <= parts.length; i++) {
        last = f.ctx.importModule(parts.slice(0, i).join('.'), line);
        if (i === 1) first = last;
      }
      it.bind(f, it.top ? first : last);
    }
    return NORMAL;
  };
}

export function compileImportFrom(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const modNode = n.childForFieldName('module_name')!;
  if (modNode.type === 'relative_import') return (f) => { f.line = line; throw notSupported('relative imports', line); };
  if (n.children.some((c) => c?.type === 'wildcard_import')) return (f) => { f.line = line; throw notSupported('from ... import *', line); };
  const mod = modNode.text.replace(/\s+/g, '');
  const names = n.childrenForFieldName('name').filter((c): c is SyntaxNode => !!c).map((c) => {
    if (c.type === 'aliased_import') return { name: c.childForFieldName('name')!.text, bind: storeName(c.childForFieldName('alias')!.text, cs) };
    return { name: c.text, bind: storeName(c.text, cs) };
  });
  return (f) => {
    f.line = line;
    const parts = mod.split('.');
    let m: PyValue = null;
    for (let i = 1; i <= parts.length; i++) m = f.ctx.importModule(parts.slice(0, i).join('.'), line);
    for (const { name, bind } of names) {
      let v = getAttrOrUndefined(m, name);
      if (v === undefined) {
        try { v = f.ctx.importModule(`${mod}.${name}`, line); } catch {
          throw pyErr('ImportError', `cannot import name '${name}' from '${mod}'`);
        }
      }
      bind(f, v);
    }
    return NORMAL;
  };
}

/** Turns a raised value (class or instance) into a PyException. */
export function toRaisable(v: PyValue): PyException {
  if (v instanceof PyClass && v.isSubclassOf(BASE_EXCEPTION)) v = call(v, []);
  if (v instanceof PyInstance && v.cls.isSubclassOf(BASE_EXCEPTION)) return new PyException(v, str(v));
  return pyErr('TypeError', 'exceptions must derive from BaseException');
}

export function compileRaise(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const kids = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const cause = n.childForFieldName('cause');
  const exc = kids.find((k) => !cause || k.id !== cause.id);
  const e = exc ? compileExpr(exc, cs) : null;
  const c = cause ? compileExpr(cause, cs) : null;
  return (f) => {
    f.line = line;
    if (!e) {
      const cur = f.ctx.handling[f.ctx.handling.length - 1];
      if (!cur) throw pyErr('RuntimeError', 'No active exception to reraise');
      throw cur;
    }
    const ex = toRaisable(e(f));
    if (c) ex.value.dict.set('__cause__', c(f));
    throw ex;
  };
}

/**
 * The traceback CPython passes to __exit__: one object per frame from the with statement's frame down to where the
 * error was raised, outermost first, each with tb_lineno (the line running in that frame) and tb_next.
 */
function tracebackFrom(e: PyException, f: Frame): PyValue {
  const tb = e.traceback?.length ? e.traceback : [{ file: f.file, name: f.name, line: f.line }];
  const at = f.ctx.frames.indexOf(f);
  const from = Math.min(at >= 0 ? at : f.ctx.frames.length, tb.length - 1);
  let next: PyValue = null;
  for (let k = tb.length - 1; k >= from; k--) {
    const o = new PyInstance(TRACEBACK);
    o.dict.set('tb_lineno', BigInt(tb[k].line));
    o.dict.set('tb_next', next);
    next = o;
  }
  return next;
}

/** Calls a context manager's exit (native, or the bound Python __exit__); true when it suppresses the error. */
function exitManager(m: PyValue, pyExit: PyValue | null, err: PyException | null, f: Frame): boolean {
  if (pyExit === null) return (m as HostObject).exit!(err) === true;
  return truthy(call(pyExit, err ? [err.value.cls, err.value, tracebackFrom(err, f)] : [null, null, null]));
}

export function compileWith(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  if (n.children.some((c) => c?.type === 'async')) return (f) => { f.line = line; throw notSupported('async with', line); };
  const clause = n.namedChildren.find((c) => c?.type === 'with_clause')!;
  const items = clause.namedChildren.filter((c): c is SyntaxNode => c?.type === 'with_item').map((item) => {
    const v = item.childForFieldName('value')!;
    if (v.type === 'as_pattern') {
      const alias = v.childForFieldName('alias')!;
      return { mgr: compileExpr(v.namedChildren[0]!, cs), store: compileStore(alias.namedChildren[0] ?? alias, cs) };
    }
    return { mgr: compileExpr(v, cs), store: null };
  });
  const body = compileBlock(n.childForFieldName('body')!, cs);
  // Nested managers behave like nested with statements.
  const run = (f: Frame, i: number): ReturnType<Stmt> => {
    if (i === items.length) return body(f);
    const { mgr, store } = items[i];
    const m = mgr(f);
    let entered: PyValue;
    // The bound __exit__ of a Python manager; null for a native one (no closure per with: it runs every step).
    let pyExit: PyValue | null = null;
    if (isHost(m) && m.enter && m.exit) {
      entered = m.enter();
    } else if (m instanceof PyInstance && m.cls.lookup('__enter__') !== undefined && m.cls.lookup('__exit__') !== undefined) {
      entered = call(bindDescriptor(m.cls.lookup('__enter__'), m, m.cls), []);
      pyExit = bindDescriptor(m.cls.lookup('__exit__'), m, m.cls);
    } else {
      throw pyErr('TypeError', `'${typeName(m)}' object does not support the context manager protocol`);
    }
    const nTemps = f.ctx.temps.length;
    f.ctx.temps.push(m);
    let r: ReturnType<Stmt>;
    try {
      if (store) store(f, entered);
      r = run(f, i + 1);
    } catch (raw) {
      const e = toPyException(raw);
      if (e instanceof PyException) {
        f.ctx.annotate(e, f);
        const suppress = exitManager(m, pyExit, e, f);
        if (suppress && e.value.cls !== NOT_SUPPORTED) { truncate(f.ctx.temps, nTemps); return NORMAL; }
      } else if (raw instanceof StopRun) {
        try { exitManager(m, pyExit, null, f); } catch { /* the run is ending anyway */ }
      }
      throw e;
    }
    truncate(f.ctx.temps, nTemps);
    exitManager(m, pyExit, null, f);
    return r;
  };
  return (f) => { f.line = line; return run(f, 0); };
}
