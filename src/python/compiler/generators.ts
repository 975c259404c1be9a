// Generator functions (def with yield). The ordinary compiler turns statements into synchronous closures, which
// cannot suspend; a generator body is compiled a second way here: every statement that (transitively) contains
// one of this function's `yield`s becomes a JS generator function, so suspension is native JS `yield` and the
// body runs lazily, one item per next() (infinite generators work). Statements without a yield reuse the
// ordinary compiled closure. `yield` may stand as a statement (`yield x`, `yield from xs`) or as the right side
// of an assignment (`v = yield x`); a yield deeper inside an expression is NotSupported.
import type { PyValue } from '../host';
import type { SyntaxNode } from '../parser';
import { NOT_SUPPORTED, PyException, PyIterator, StopRun, notSupported } from '../objects';
import { BREAK, NORMAL, RETURN, type Expr, type Frame, type Signal, type Store } from '../frame';
import { truthy } from '../ops';
import { iterate, toPyException } from '../runtime';
import { compileExpr, compileStore, lineOf, type CompileState } from './expressions';
import { compileStmt } from './statements';
import { exceptHeader, ifBranches, matches } from './control';

type GStmt = (f: Frame) => Generator<PyValue, Signal, PyValue>;

/** Does `n` contain a yield belonging to the function being compiled (not to a nested def/lambda/class)? */
function hasOwnYield(n: SyntaxNode): boolean {
  if (n.type === 'yield') return true;
  if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return false;
  for (const c of n.namedChildren) if (c && hasOwnYield(c)) return true;
  return false;
}

const kids = (n: SyntaxNode): SyntaxNode[] => n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');

export function compileGenBlock(block: SyntaxNode, cs: CompileState): GStmt {
  const stmts = kids(block).map((s) => compileGenStmt(s, cs));
  return function* (f) {
    for (const s of stmts) {
      const r = yield* s(f);
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  };
}

function compileGenStmt(n: SyntaxNode, cs: CompileState): GStmt {
  if (!hasOwnYield(n)) {
    const s = compileStmt(n, cs);
    // eslint-disable-next-line require-yield
    return function* (f) { return s(f); };
  }
  const line = lineOf(n);
  switch (n.type) {
    case 'expression_statement': {
      const k = kids(n);
      if (k.length === 1 && k[0].type === 'yield') return compileYield(k[0], null, cs, line);
      if (k.length === 1 && k[0].type === 'assignment' && k[0].childForFieldName('right')?.type === 'yield'
        && !hasOwnYield(k[0].childForFieldName('left')!)) {
        return compileYield(k[0].childForFieldName('right')!, compileStore(k[0].childForFieldName('left')!, cs), cs, line);
      }
      break;
    }
    case 'if_statement': return compileGenIf(n, cs);
    case 'for_statement': return compileGenFor(n, cs);
    case 'while_statement': return compileGenWhile(n, cs);
    case 'try_statement': return compileGenTry(n, cs);
    case 'block': return compileGenBlock(n, cs);
    default: break;
  }
  // eslint-disable-next-line require-yield
  return function* (f) { f.line = line; throw notSupported(`yield inside ${n.type.replace(/_/g, ' ')}`, line); };
}

function compileYield(y: SyntaxNode, store: Store | null, cs: CompileState, line: number): GStmt {
  const isFrom = y.children.some((c) => c?.type === 'from');
  const valueNode = kids(y)[0];
  const value: Expr | null = valueNode ? compileExpr(valueNode, cs) : null;
  if (isFrom) {
    return function* (f) {
      f.line = line;
      const src = value!(f);
      const held = genState(f).held;
      held.push(src);
      try {
        for (const x of iterate(src)) { yield x; f.line = line; }
      } finally { held.splice(held.lastIndexOf(src), 1); }
      if (store) store(f, null);
      return NORMAL;
    };
  }
  return function* (f) {
    f.line = line;
    const v = value ? value(f) : null;
    const sent = yield v;
    f.line = line;
    if (store) store(f, sent ?? null);
    return NORMAL;
  };
}

function compileGenIf(n: SyntaxNode, cs: CompileState): GStmt {
  const branches = ifBranches(n, cs, compileGenBlock);
  return function* (f) {
    for (const b of branches) {
      f.line = b.line;
      if (!b.cond || truthy(b.cond(f))) return yield* b.body(f);
    }
    return NORMAL;
  };
}

function compileGenFor(n: SyntaxNode, cs: CompileState): GStmt {
  const line = lineOf(n);
  const store = compileStore(n.childForFieldName('left')!, cs);
  const iterE = compileExpr(n.childForFieldName('right')!, cs);
  const body = compileGenBlock(n.childForFieldName('body')!, { ...cs, inLoop: true });
  const alt = n.childForFieldName('alternative');
  const orelse = alt ? compileGenBlock(alt.childForFieldName('body')!, cs) : null;
  return function* (f) {
    f.line = line;
    const it = iterE(f);
    // The iterable must stay a GC root while the generator is suspended (its frame is off the stack then).
    const held = genState(f).held;
    held.push(it);
    try {
      const iter = iterate(it)[Symbol.iterator]();
      for (;;) {
        f.ctx.safePoint();
        const nx = iter.next();
        if (nx.done) break;
        store(f, nx.value);
        const r = yield* body(f);
        if (r === BREAK) return NORMAL;
        if (r === RETURN) return r;
      }
    } finally { held.splice(held.lastIndexOf(it), 1); }
    return orelse ? yield* orelse(f) : NORMAL;
  };
}

function compileGenWhile(n: SyntaxNode, cs: CompileState): GStmt {
  const line = lineOf(n);
  const cond = compileExpr(n.childForFieldName('condition')!, cs);
  const body = compileGenBlock(n.childForFieldName('body')!, { ...cs, inLoop: true });
  const alt = n.childForFieldName('alternative');
  const orelse = alt ? compileGenBlock(alt.childForFieldName('body')!, cs) : null;
  return function* (f) {
    for (;;) {
      f.line = line;
      f.ctx.safePoint();
      if (!truthy(cond(f))) break;
      const r = yield* body(f);
      if (r === BREAK) return NORMAL;
      if (r === RETURN) return r;
    }
    return orelse ? yield* orelse(f) : NORMAL;
  };
}

function compileGenTry(n: SyntaxNode, cs: CompileState): GStmt {
  const line = lineOf(n);
  const body = compileGenBlock(n.childForFieldName('body')!, cs);
  const handlers: Array<{ line: number; type: Expr | null; store: Store | null; name: string | null; body: GStmt }> = [];
  let orelse: GStmt | null = null;
  let fin: GStmt | null = null;
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'except_clause') {
      handlers.push({ line: lineOf(c), ...exceptHeader(c, cs), body: compileGenBlock(c.namedChildren.find((x) => x?.type === 'block')!, cs) });
    } else if (c.type === 'else_clause') orelse = compileGenBlock(c.childForFieldName('body')!, cs);
    else if (c.type === 'finally_clause') fin = compileGenBlock(c.namedChildren.find((x) => x?.type === 'block')!, cs);
    else if (c.type === 'except_group_clause') {
      // eslint-disable-next-line require-yield
      return function* (f) { f.line = line; throw notSupported('except*', line); };
    }
  }
  /** Drops frames/temps left by the failed code: everything above this generator's own frame. */
  const unwind = (f: Frame): void => {
    const i = f.ctx.frames.lastIndexOf(f);
    if (i >= 0) f.ctx.frames.length = i + 1;
    f.ctx.temps.length = Math.min(f.ctx.temps.length, genState(f).tempsBase);
  };
  return function* (f) {
    f.line = line;
    try {
      let r: Signal = NORMAL;
      let ok = false;
      let caught: PyException | null = null;
      try {
        r = yield* body(f);
        ok = true;
      } catch (raw) {
        if (raw instanceof StopRun || handlers.length === 0) throw raw;
        unwind(f);
        const e = toPyException(raw);
        if (!(e instanceof PyException) || e.value.cls === NOT_SUPPORTED) throw e;
        f.ctx.annotate(e, f);
        caught = e;
      }
      if (caught) {
        let handled = false;
        for (const h of handlers) {
          f.line = h.line;
          if (h.type && !matches(caught, h.type(f))) continue;
          if (h.store) h.store(f, caught.value);
          f.ctx.handling.push(caught);
          try { r = yield* h.body(f); } finally {
            f.ctx.handling.splice(f.ctx.handling.lastIndexOf(caught), 1);
            if (h.name) f.scope.unbind(h.name);
          }
          handled = true;
          break;
        }
        if (!handled) throw caught;
      }
      if (ok && orelse && r === NORMAL) r = yield* orelse(f);
      return r;
    } finally {
      if (fin) {
        unwind(f);
        const fr = yield* fin(f);
        // eslint-disable-next-line no-unsafe-finally
        if (fr !== NORMAL) return fr;
      }
    }
  };
}

// ----- the generator object ------------------------------------------------------------------------------

interface GenState { held: PyValue[]; tempsBase: number }
const STATES = new WeakMap<Frame, GenState>();
function genState(f: Frame): GenState {
  let s = STATES.get(f);
  if (!s) { s = { held: [], tempsBase: f.ctx.temps.length }; STATES.set(f, s); }
  return s;
}

/**
 * What calling a generator function returns: a Python iterator that runs the body on demand. Each resumption
 * pushes the generator's frame (tracebacks, error lines, GC roots); while suspended, its locals and held
 * iterables stay visible to memory sweeps through `roots`.
 */
export function makeGenerator(f: Frame, body: GStmt): PyIterator {
  const state = genState(f);
  const g = body(f);
  let running = false;
  let done = false;
  // `scope` and `held` are enumerable fields so that memory sweeps walking object properties (the engine's
  // sweep) see a suspended generator's locals, not only the interpreter's own reachability walk (`roots`).
  const it: Iterator<PyValue> & { scope: Frame['scope']; held: PyValue[] } = {
    scope: f.scope,
    held: state.held,
    next(): IteratorResult<PyValue> {
      if (done) return { done: true, value: undefined };
      if (running) throw notSupported('generator already executing', f.line);
      const ctx = f.ctx;
      running = true;
      state.tempsBase = ctx.temps.length;
      ctx.pushFrame(f);
      const depth = ctx.frames.length;
      try {
        const r = g.next(null);
        if (r.done) { done = true; return { done: true, value: undefined }; }
        return { done: false, value: r.value };
      } catch (raw) {
        done = true;
        const e = toPyException(raw);
        if (e instanceof PyException) ctx.annotate(e, f);
        throw e;
      } finally {
        running = false;
        ctx.frames.length = Math.min(ctx.frames.length, depth - 1);
        ctx.temps.length = Math.min(ctx.temps.length, state.tempsBase);
      }
    },
  };
  return new PyIterator(it, 'generator', null, () => {
    const out: PyValue[] = [...state.held];
    for (let s: Frame['scope'] | null = f.scope; s; s = s.up) s.forEachValue((v) => out.push(v));
    return out;
  });
}
