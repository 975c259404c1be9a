// Control flow statements: if/elif/else, for and while loops (with the embedder's loop watch), try/except/finally.
import { PyList, PyTuple, type PyValue } from '../host';
import type { SyntaxNode } from '../parser';
import { NOT_SUPPORTED, PyClass, PyException, PyInstance, PyRange, StopRun, pyErr } from '../objects';
import { BREAK, NORMAL, RETURN, truncate, type Expr, type Frame, type LoopWatch, type Signal, type Stmt } from '../frame';
import { truthy } from '../ops';
import { bindDescriptor, call, iterate, protocolIter, toPyException } from '../runtime';
import { compileExpr, compileStore, lineOf, type CompileState } from './expressions';
import { compileBlock, unsupportedStmt } from './statements';
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

export function compileIf(n: SyntaxNode, cs: CompileState): Stmt {
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

export function compileFor(n: SyntaxNode, cs: CompileState): Stmt {
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

export function compileWhile(n: SyntaxNode, cs: CompileState): Stmt {
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

export function compileTry(n: SyntaxNode, cs: CompileState): Stmt {
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
