// Statements → closures returning a control signal (NORMAL/BREAK/CONTINUE/RETURN), so loops and returns
// need no exceptions. Every statement records its line in the frame first (error lines, tracebacks).
import { PyList, PyTuple, type BinaryOp, type PyValue } from '../host';
import type { SyntaxNode } from '../parser';
import { NOT_SUPPORTED, PyClass, PyException, PyInstance, PyRange, StopRun, notSupported, pyErr } from '../objects';
import { BREAK, CONTINUE, NORMAL, RETURN, truncate, type Expr, type Frame, type LoopWatch, type Signal, type Stmt } from '../frame';
import { truthy } from '../ops';
import { inplaceFn } from '../fastops';
import { bindDescriptor, call, delAttr, getAttr, iterate, protocolIter, setAttr, toPyException } from '../runtime';
import { delItem, getItem, setItem } from '../containers';
import {
  compileExpr, compileName, compileStore, compileSubscriptKey, deleteName, lineOf, storeName, type CompileState,
} from './expressions';
import { compileClass, compileDef, compileImport, compileImportFrom, compileRaise, compileWith } from './definitions';
import { str } from '../format';
import { syntaxError } from '../parser';
import { resolve } from './scope';

export function compileBlock(block: SyntaxNode, cs: CompileState): Stmt {
  const stmts = block.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((s) => compileStmt(s, cs));
  if (stmts.length === 1) return stmts[0];
  const n = stmts.length;
  return (f) => {
    for (let i = 0; i < n; i++) {
      const r = stmts[i](f);
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  };
}

function unsupportedStmt(what: string, n: SyntaxNode): Stmt {
  const line = lineOf(n);
  return (f) => { f.line = line; throw notSupported(what, line); };
}

export function compileStmt(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  switch (n.type) {
    case 'expression_statement': return compileExpressionStatement(n, cs);
    case 'pass_statement': return (f) => { f.line = line; return NORMAL; };
    case 'break_statement':
      if (!cs.inLoop) throw syntaxError("'break' outside loop", line);
      return (f) => { f.line = line; return BREAK; };
    case 'continue_statement':
      if (!cs.inLoop) throw syntaxError("'continue' not properly in loop", line);
      return (f) => { f.line = line; return CONTINUE; };
    case 'return_statement': {
      if (cs.scope.kind !== 'function') throw syntaxError("'return' outside function", line);
      const vals = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      const e = vals.length === 0 ? null : compileExpr(vals[0], cs);
      return (f) => { f.line = line; f.retval = e ? e(f) : null; return RETURN; };
    }
    case 'if_statement': return compileIf(n, cs);
    case 'for_statement': return compileFor(n, cs);
    case 'while_statement': return compileWhile(n, cs);
    case 'try_statement': return compileTry(n, cs);
    case 'with_statement': return compileWith(n, cs);
    case 'function_definition': case 'decorated_definition':
      if (n.type === 'decorated_definition' && n.childForFieldName('definition')!.type === 'class_definition') return compileClass(n, cs);
      return compileDef(n, cs);
    case 'class_definition': return compileClass(n, cs);
    case 'raise_statement': return compileRaise(n, cs);
    case 'assert_statement': {
      const [cond, msg] = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => compileExpr(c, cs));
      return (f) => {
        f.line = line;
        if (!truthy(cond(f))) throw msg ? pyErr('AssertionError', str(msg(f))) : pyErr('AssertionError', '');
        return NORMAL;
      };
    }
    case 'delete_statement': {
      const targets = n.namedChildren[0]!.type === 'expression_list' ? n.namedChildren[0]!.namedChildren : n.namedChildren;
      const dels = targets.filter((c): c is SyntaxNode => !!c).map((t) => compileDelete(t, cs));
      return (f) => { f.line = line; for (const d of dels) d(f); return NORMAL; };
    }
    case 'global_statement': return () => NORMAL;
    case 'nonlocal_statement':
      if (cs.scope.kind === 'module') throw syntaxError('nonlocal declaration not allowed at module level', line);
      for (const c of n.namedChildren) {
        if (c && c.type === 'identifier' && resolve(c.text, cs.scope).kind !== 'free') throw syntaxError(`no binding for nonlocal '${c.text}' found`, line);
      }
      return () => NORMAL;
    case 'import_statement': return compileImport(n, cs);
    case 'import_from_statement': return compileImportFrom(n, cs);
    case 'future_import_statement': return () => NORMAL;
    case 'match_statement': return unsupportedStmt('match statement', n);
    case 'print_statement': case 'exec_statement': {
      const name = n.type === 'print_statement' ? 'print' : 'exec';
      throw syntaxError(`Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`, line);
    }
    default: return unsupportedStmt(n.type.replace(/_/g, ' '), n);
  }
}

function compileDelete(t: SyntaxNode, cs: CompileState): (f: Frame) => void {
  switch (t.type) {
    case 'identifier': return deleteName(t.text, cs);
    case 'subscript': {
      const obj = compileExpr(t.childForFieldName('value')!, cs);
      const key = compileSubscriptKey(t, cs);
      return (f) => { const o = obj(f); delItem(o, key(f)); };
    }
    case 'attribute': {
      const obj = compileExpr(t.childForFieldName('object')!, cs);
      const name = t.childForFieldName('attribute')!.text;
      return (f) => delAttr(obj(f), name);
    }
    case 'tuple': case 'list': case 'parenthesized_expression': case 'expression_list': {
      const ds = t.namedChildren.filter((c): c is SyntaxNode => !!c).map((c) => compileDelete(c, cs));
      return (f) => { for (const d of ds) d(f); };
    }
    default: { const line = lineOf(t); return () => { throw notSupported(`del of ${t.type}`, line); }; }
  }
}

function compileExpressionStatement(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const kids = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  if (kids.length === 1 && kids[0].type === 'assignment') return compileAssignment(kids[0], cs);
  if (kids.length === 1 && kids[0].type === 'augmented_assignment') return compileAugmented(kids[0], cs);
  const es = kids.map((k) => compileExpr(k, cs));
  if (es.length === 1) {
    const e = es[0];
    return (f) => { f.line = line; e(f); return NORMAL; };
  }
  return (f) => { f.line = line; for (const e of es) e(f); return NORMAL; };
}

/** Top-level assignments the embedder asked to override (runner's --set NAME=VALUE). */
export interface AssignmentOverride { name: string; value: Expr }

function compileAssignment(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const targets: SyntaxNode[] = [];
  let right: SyntaxNode | null = n;
  while (right && right.type === 'assignment') {
    targets.push(right.childForFieldName('left')!);
    right = right.childForFieldName('right');
  }
  if (!right) return (f) => { f.line = line; return NORMAL; }; // bare annotation `x: int`
  const rhs = right.type === 'expression_list' ? compileExpr(right, cs) : compileExpr(right, cs);
  const stores = targets.map((t) => compileStore(t, cs));
  if (stores.length === 1) {
    const s = stores[0];
    return (f) => { f.line = line; s(f, rhs(f)); return NORMAL; };
  }
  return (f) => {
    f.line = line;
    const v = rhs(f);
    for (const s of stores) s(f, v);
    return NORMAL;
  };
}

function compileAugmented(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const op = n.childForFieldName('operator')!.type.slice(0, -1) as BinaryOp;
  const t = n.childForFieldName('left')!;
  const rhs = compileExpr(n.childForFieldName('right')!, cs);
  const inplace = inplaceFn(op);
  if (t.type === 'identifier') {
    const load = compileName(t.text, cs);
    const store = storeName(t.text, cs);
    return (f) => {
      f.line = line;
      const a = load(f);
      const tmp = f.ctx.temps;
      tmp.push(a);
      const b = rhs(f);
      tmp.pop();
      store(f, inplace(a, b));
      return NORMAL;
    };
  }
  if (t.type === 'attribute') {
    const obj = compileExpr(t.childForFieldName('object')!, cs);
    const name = t.childForFieldName('attribute')!.text;
    return (f) => {
      f.line = line;
      const o = obj(f);
      const a = getAttr(o, name);
      const tmp = f.ctx.temps;
      tmp.push(o, a);
      const b = rhs(f);
      tmp.pop(); tmp.pop();
      setAttr(o, name, inplace(a, b));
      return NORMAL;
    };
  }
  if (t.type === 'subscript') {
    const obj = compileExpr(t.childForFieldName('value')!, cs);
    const keyE = compileSubscriptKey(t, cs);
    return (f) => {
      f.line = line;
      const o = obj(f);
      const k = keyE(f);
      const a = getItem(o, k);
      const tmp = f.ctx.temps;
      tmp.push(o, k, a);
      const b = rhs(f);
      tmp.pop(); tmp.pop(); tmp.pop();
      setItem(o, k, inplace(a, b), iterate);
      return NORMAL;
    };
  }
  return unsupportedStmt(`augmented assignment to ${t.type}`, n);
}

/** if/elif/else as a list of (line, condition or null for else, body), shared by plain and generator code. */
export function ifBranches<B>(n: SyntaxNode, cs: CompileState, block: (b: SyntaxNode, cs: CompileState) => B): Array<{ line: number; cond: Expr | null; body: B }> {
  const branches: Array<{ line: number; cond: Expr | null; body: B }> = [];
  branches.push({ line: lineOf(n), cond: compileExpr(n.childForFieldName('condition')!, cs), body: block(n.childForFieldName('consequence')!, cs) });
  for (const alt of n.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') {
      branches.push({ line: lineOf(alt), cond: compileExpr(alt.childForFieldName('condition')!, cs), body: block(alt.childForFieldName('consequence')!, cs) });
    } else {
      branches.push({ line: lineOf(alt), cond: null, body: block(alt.childForFieldName('body')!, cs) });
    }
  }
  return branches;
}

function compileIf(n: SyntaxNode, cs: CompileState): Stmt {
  const branches = ifBranches(n, cs, compileBlock);
  if (branches.length === 1) {
    const { line, cond, body } = branches[0];
    return (f) => { f.line = line; return truthy(cond!(f)) ? body(f) : NORMAL; };
  }
  return (f) => {
    for (const b of branches) {
      f.line = b.line;
      if (!b.cond || truthy(b.cond(f))) return b.body(f);
    }
    return NORMAL;
  };
}

/** Runs `loop` under the embedder's watch when it is the watched statement (see LoopWatch). */
function watchable(line: number, loop: (f: Frame, w: LoopWatch | null) => Signal): Stmt {
  return (f) => {
    const w = f.ctx.loopWatch;
    if (w === null || w.line !== line || w.file !== f.file) return loop(f, null);
    w.enter(f);
    try { return loop(f, w); } finally { w.exit(); }
  };
}

function compileFor(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  if (n.children.some((c) => c?.type === 'async')) return unsupportedStmt('async for', n);
  const store = compileStore(n.childForFieldName('left')!, cs);
  const iterE = compileExpr(n.childForFieldName('right')!, cs);
  const body = compileBlock(n.childForFieldName('body')!, { ...cs, inLoop: true });
  const alt = n.childForFieldName('alternative');
  const orelse = alt ? compileBlock(alt.childForFieldName('body')!, cs) : null;
  return watchable(line, (f, w) => {
    f.line = line;
    const it = iterE(f);
    const ctx = f.ctx;
    if (it instanceof PyRange && it.step === 1n) {
      // Hot path: `for t in range(N)` without a generator.
      for (let i = it.start; i < it.stop; i++) {
        ctx.safePoint();
        if (w !== null && !w.proceed()) return NORMAL;
        store(f, i);
        const r = body(f);
        if (r === BREAK) return NORMAL;
        if (r === RETURN) return r;
      }
    } else if (it instanceof PyList || it instanceof PyTuple) {
      // Hot path: a list or tuple by index, as listIter does (items appended meanwhile are visited), with no
      // generator in between.
      ctx.temps.push(it);
      for (let i = 0; ; i++) {
        ctx.safePoint();
        if (w !== null && !w.proceed()) { ctx.temps.pop(); return NORMAL; }
        const items = it.items;
        if (i >= items.length) break;
        store(f, items[i]);
        const r = body(f);
        if (r === BREAK) { ctx.temps.pop(); return NORMAL; }
        if (r === RETURN) { ctx.temps.pop(); return r; }
      }
      ctx.temps.pop();
    } else {
      ctx.temps.push(it);
      // For an object with __iter__, the iterator it returns (e.g. DataLoader's iter(batches)) holds the
      // values still to come: it must be a GC root too, not only a JS local.
      const iterObj = it instanceof PyInstance && it.cls.lookup('__iter__') !== undefined
        ? call(bindDescriptor(it.cls.lookup('__iter__'), it, it.cls), []) : it;
      ctx.temps.push(iterObj);
      const iter = (iterObj !== it && iterObj instanceof PyInstance ? protocolIter(iterObj) : iterate(iterObj))[Symbol.iterator]();
      for (;;) {
        // The safe point comes before the next item is fetched: a fresh value (a host iterator may create
        // tensors lazily) must never sit only in a JS local while the embedder sweeps.
        ctx.safePoint();
        if (w !== null && !w.proceed()) { ctx.temps.pop(); ctx.temps.pop(); return NORMAL; }
        const nx = iter.next();
        if (nx.done) break;
        store(f, nx.value);
        const r = body(f);
        if (r === BREAK) { ctx.temps.pop(); ctx.temps.pop(); return NORMAL; }
        if (r === RETURN) { ctx.temps.pop(); ctx.temps.pop(); return r; }
      }
      ctx.temps.pop(); ctx.temps.pop();
    }
    return orelse ? orelse(f) : NORMAL;
  });
}

function compileWhile(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const cond = compileExpr(n.childForFieldName('condition')!, cs);
  const body = compileBlock(n.childForFieldName('body')!, { ...cs, inLoop: true });
  const alt = n.childForFieldName('alternative');
  const orelse = alt ? compileBlock(alt.childForFieldName('body')!, cs) : null;
  return watchable(line, (f, w) => {
    const ctx = f.ctx;
    for (;;) {
      f.line = line;
      ctx.safePoint();
      if (w !== null && !w.proceed()) return NORMAL;
      if (!truthy(cond(f))) break;
      const r = body(f);
      if (r === BREAK) return NORMAL;
      if (r === RETURN) return r;
    }
    return orelse ? orelse(f) : NORMAL;
  });
}

/** Does exception `e` match the except clause's class (or tuple of classes)? */
export function matches(e: PyException, spec: PyValue): boolean {
  if (spec instanceof PyTuple) return spec.items.some((s) => matches(e, s));
  if (spec instanceof PyClass) return e.value.cls.isSubclassOf(spec);
  throw pyErr('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
}

function compileTry(n: SyntaxNode, cs: CompileState): Stmt {
  const line = lineOf(n);
  const body = compileBlock(n.childForFieldName('body')!, cs);
  const handlers: Array<{ line: number; type: Expr | null; store: ((f: Frame, v: PyValue) => void) | null; name: string | null; body: Stmt }> = [];
  let orelse: Stmt | null = null;
  let fin: Stmt | null = null;
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'except_clause') {
      const blk = c.namedChildren.find((x) => x?.type === 'block')!;
      handlers.push({ line: lineOf(c), ...exceptHeader(c, cs), body: compileBlock(blk, cs) });
    } else if (c.type === 'except_group_clause') {
      return unsupportedStmt('except*', c);
    } else if (c.type === 'else_clause') orelse = compileBlock(c.childForFieldName('body')!, cs);
    else if (c.type === 'finally_clause') fin = compileBlock(c.namedChildren.find((x) => x?.type === 'block')!, cs);
  }
  const handle = (f: Frame, raw: unknown): Signal => {
    const e = toPyException(raw);
    if (!(e instanceof PyException) || e.value.cls === NOT_SUPPORTED) throw e;
    f.ctx.annotate(e, f);
    for (const h of handlers) {
      f.line = h.line;
      if (h.type && !matches(e, h.type(f))) continue;
      if (h.store) h.store(f, e.value);
      f.ctx.handling.push(e);
      try { return h.body(f); } finally {
        f.ctx.handling.pop();
        if (h.name) f.scope.unbind(h.name);
      }
    }
    throw e;
  };
  return (f) => {
    f.line = line;
    const ctx = f.ctx;
    const nFrames = ctx.frames.length;
    const nTemps = ctx.temps.length;
    try {
      let r: Signal;
      let ok = false;
      try {
        r = body(f);
        ok = true;
      } catch (raw) {
        if (raw instanceof StopRun || handlers.length === 0) throw raw;
        truncate(ctx.frames, nFrames);
        truncate(ctx.temps, nTemps);
        r = handle(f, raw);
      }
      // else runs only when the body completed normally (no exception, return, break or continue).
      if (ok && orelse && r === NORMAL) r = orelse(f);
      return r;
    } finally {
      if (fin) {
        truncate(ctx.frames, nFrames);
        truncate(ctx.temps, nTemps);
        const fr = fin(f);
        // eslint-disable-next-line no-unsafe-finally
        if (fr !== NORMAL) return fr;
      }
    }
  };
}


/** `except T as name:` → the type expression, and where to store the exception (plain and generator code alike). */
export function exceptHeader(c: SyntaxNode, cs: CompileState): { type: Expr | null; store: ((f: Frame, v: PyValue) => void) | null; name: string | null } {
  const first = c.namedChildren.find((x) => x && x.type !== 'block' && x.type !== 'comment');
  if (!first) return { type: null, store: null, name: null };
  if (first.type !== 'as_pattern') return { type: compileExpr(first, cs), store: null, name: null };
  const alias = first.childForFieldName('alias')!;
  const target = alias.namedChildren[0] ?? alias;
  return { type: compileExpr(first.namedChildren[0]!, cs), store: compileStore(target, cs), name: target.text };
}
