// Expressions → closures `(frame) => value`. Each node is compiled once; the closures do no tree walking.
import { Ellipsis, PyDict, PyList, PySlice, PyTuple, type BinaryOp, type CompareOp, type PyValue } from '../host';
import type { SyntaxNode } from '../parser';
import { PyException, PySet, notSupported, pyErr } from '../objects';
import { type Expr, type Frame, type Store } from '../frame';
import { compare, contains, is, truthy, unary } from '../ops';
import { binaryFn, compareFn } from '../fastops';
import { forbiddenAttr, getAllowedAttr, getAttr, iterate, setAttr } from '../runtime';
import { getItem, setItem } from '../containers';
import { repr } from '../format';
import type { ScopeInfo } from './scope';
import { parseFloat_, parseInteger } from './literals';
import { compileCall, compileComprehension, compileLambda } from './calls';
import { extendItems, toItems } from '../limits';
import { compileName, storeName } from './names';
import { compileString } from './strings';

export interface CompileState {
  scope: ScopeInfo;
  file: string;
  /** Qualified-name prefix for functions and classes defined here ("Outer.method.<locals>."). */
  qual: string;
  /** Inside a loop body of the current function (break/continue allowed). */
  inLoop?: boolean;
}

export const lineOf = (n: SyntaxNode): number => n.startPosition.row + 1;

export function unsupported(what: string, n: SyntaxNode): Expr {
  const line = lineOf(n);
  return () => { throw notSupported(what, line); };
}

const isTrivial = (n: SyntaxNode): boolean =>
  ['identifier', 'integer', 'float', 'true', 'false', 'none', 'string'].includes(n.type) && !n.descendantsOfType('interpolation').length;

/** Evaluates `first` then `second`, keeping the first value visible to roots() while the second runs. */
function pair(a: Expr, b: Expr, bTrivial: boolean, k: (x: PyValue, y: PyValue) => PyValue): Expr {
  if (bTrivial) return (f) => k(a(f), b(f));
  return (f) => {
    const x = a(f);
    const t = f.ctx.temps;
    t.push(x);
    const y = b(f);
    t.pop();
    return k(x, y);
  };
}

export function compileExpr(n: SyntaxNode, cs: CompileState): Expr {
  switch (n.type) {
    case 'identifier': return compileName(n.text, cs);
    case 'integer': { const v = parseInteger(n); return () => v; }
    case 'float': { const v = parseFloat_(n); return () => v; }
    case 'true': return () => true;
    case 'false': return () => false;
    case 'none': return () => null;
    case 'ellipsis': return () => Ellipsis;
    case 'string': case 'concatenated_string': return compileString(n, cs);
    case 'parenthesized_expression': {
      const inner = n.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? compileExpr(inner, cs) : () => new PyTuple([]);
    }
    case 'binary_operator': {
      const op = n.childForFieldName('operator')!.type as BinaryOp;
      const right = n.childForFieldName('right')!;
      return pair(compileExpr(n.childForFieldName('left')!, cs), compileExpr(right, cs), isTrivial(right), binaryFn(op));
    }
    case 'unary_operator': {
      const op = n.childForFieldName('operator')!.type as '-' | '+' | '~';
      const arg = compileExpr(n.childForFieldName('argument')!, cs);
      return (f) => unary(op, arg(f));
    }
    case 'not_operator': {
      const arg = compileExpr(n.childForFieldName('argument')!, cs);
      return (f) => !truthy(arg(f));
    }
    case 'boolean_operator': {
      const left = compileExpr(n.childForFieldName('left')!, cs);
      const right = compileExpr(n.childForFieldName('right')!, cs);
      return n.childForFieldName('operator')!.type === 'and'
        ? (f) => { const a = left(f); return truthy(a) ? right(f) : a; }
        : (f) => { const a = left(f); return truthy(a) ? a : right(f); };
    }
    case 'comparison_operator': return compileComparison(n, cs);
    case 'conditional_expression': {
      const [a, cond, b] = n.namedChildren.map((c) => compileExpr(c!, cs));
      return (f) => (truthy(cond(f)) ? a(f) : b(f));
    }
    case 'attribute': {
      const obj = compileExpr(n.childForFieldName('object')!, cs);
      const name = n.childForFieldName('attribute')!.text;
      if (forbiddenAttr(name)) return (f) => getAttr(obj(f), name);
      return (f) => getAllowedAttr(obj(f), name);
    }
    case 'subscript': {
      const obj = compileExpr(n.childForFieldName('value')!, cs);
      const key = compileSubscriptKey(n, cs);
      return pair(obj, key, false, getItem);
    }
    case 'call': return compileCall(n, cs);
    case 'list': { const items = compileItems(n, cs); return (f) => new PyList(items(f)); }
    case 'tuple': case 'expression_list': { const items = compileItems(n, cs); return (f) => new PyTuple(items(f)); }
    case 'set': { const items = compileItems(n, cs); return (f) => new PySet(items(f)); }
    case 'dictionary': return compileDict(n, cs);
    case 'list_comprehension': case 'set_comprehension': case 'dictionary_comprehension': case 'generator_expression':
      return compileComprehension(n, cs);
    case 'lambda': return compileLambda(n, cs);
    case 'keyword_separator': case 'comment': return () => null;
    case 'yield': return unsupported('generators (yield)', n);
    case 'await': return unsupported('async/await', n);
    case 'named_expression': {
      if (cs.scope.kind === 'comprehension') return unsupported('assignment expressions (:=) inside a comprehension', n);
      const value = compileExpr(n.childForFieldName('value')!, cs);
      const store = storeName(n.childForFieldName('name')!.text, cs);
      return (f) => { const v = value(f); store(f, v); return v; };
    }
    case 'list_splat': case 'dictionary_splat': return unsupported('starred expression here', n);
    default: return unsupported(n.type.replace(/_/g, ' '), n);
  }
}

function compileComparison(n: SyntaxNode, cs: CompileState): Expr {
  const operands: Expr[] = [];
  const ops: string[] = [];
  const trivial: boolean[] = [];
  n.children.forEach((c, i) => {
    if (!c) return;
    if (n.fieldNameForChild(i) === 'operators') ops.push(c.type.replace(/\s+/g, ' '));
    else if (c.isNamed && c.type !== 'comment') { operands.push(compileExpr(c, cs)); trivial.push(isTrivial(c)); }
  });
  if (ops.length === 1 && ['<', '<=', '>', '>=', '==', '!='].includes(ops[0])) {
    return pair(operands[0], operands[1], trivial[1], compareFn(ops[0] as CompareOp));
  }
  const cmp = (op: string, a: PyValue, b: PyValue): PyValue => {
    switch (op) {
      case 'in': return contains(b, a);
      case 'not in': return !contains(b, a);
      case 'is': return is(a, b);
      case 'is not': return !is(a, b);
      default: return compare(op as CompareOp, a, b);
    }
  };
  if (ops.length === 1) return pair(operands[0], operands[1], trivial[1], (a, b) => cmp(ops[0], a, b));
  return (f) => {
    let a = operands[0](f);
    let r: PyValue = true;
    const t = f.ctx.temps;
    for (let i = 0; i < ops.length; i++) {
      t.push(a);
      const b = operands[i + 1](f);
      t.pop();
      r = cmp(ops[i], a, b);
      if (!truthy(r)) return r;
      a = b;
    }
    return r;
  };
}

function compileSlice(n: SyntaxNode, cs: CompileState): Expr {
  const parts: Array<Expr | null> = [null, null, null];
  let idx = 0;
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === ':') idx++;
    else if (c.isNamed && c.type !== 'comment') parts[idx] = compileExpr(c, cs);
  }
  const [a, b, s] = parts;
  return (f) => new PySlice(a ? a(f) : null, b ? b(f) : null, s ? s(f) : null);
}

export function compileSubscriptKey(n: SyntaxNode, cs: CompileState): Expr {
  const keys = n.childrenForFieldName('subscript').filter((c): c is SyntaxNode => !!c)
    .map((k) => (k.type === 'slice' ? compileSlice(k, cs) : compileExpr(k, cs)));
  const commas = n.children.filter((c) => c?.type === ',').length;
  if (keys.length === 1 && commas === 0) return keys[0];
  return (f) => new PyTuple(keys.map((k) => k(f)));
}

/** Items of a list/tuple/set display, with `*iterable` unpacking. */
export function compileItems(n: SyntaxNode, cs: CompileState): (f: Frame) => PyValue[] {
  const parts = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => {
    if (c.type === 'list_splat' || c.type === 'list_splat_pattern') {
      const e = compileExpr(c.namedChildren[0]!, cs);
      return { splat: true, e };
    }
    return { splat: false, e: compileExpr(c, cs) };
  });
  const anySplat = parts.some((p) => p.splat);
  if (!anySplat) {
    const es = parts.map((p) => p.e);
    return (f) => {
      const out: PyValue[] = [];
      f.ctx.temps.push(out);
      for (let i = 0; i < es.length; i++) out.push(es[i](f));
      f.ctx.temps.pop();
      return out;
    };
  }
  return (f) => {
    const out: PyValue[] = [];
    f.ctx.temps.push(out);
    for (const p of parts) { if (p.splat) extendItems(out, iterate(p.e(f))); else out.push(p.e(f)); }
    f.ctx.temps.pop();
    return out;
  };
}

function compileDict(n: SyntaxNode, cs: CompileState): Expr {
  const parts = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').map((c) => {
    if (c.type === 'dictionary_splat') return { splat: compileExpr(c.namedChildren[0]!, cs) };
    return { k: compileExpr(c.childForFieldName('key')!, cs), v: compileExpr(c.childForFieldName('value')!, cs) };
  });
  return (f) => {
    const d = new PyDict();
    f.ctx.temps.push(d);
    for (const p of parts) {
      if (p.splat) {
        const src = p.splat(f);
        if (!(src instanceof PyDict)) throw pyErr('TypeError', `'${repr(src)}' object is not a mapping`);
        for (const [k, v] of src.entries()) d.set(k, v);
      } else {
        const k = p.k!(f);
        f.ctx.temps.push(k);
        d.set(k, p.v!(f));
        f.ctx.temps.pop();
      }
    }
    f.ctx.temps.pop();
    return d;
  };
}

// ----- assignment targets ------------------------------------------------------------------------------

export function compileStore(t: SyntaxNode, cs: CompileState): Store {
  switch (t.type) {
    case 'identifier': return storeName(t.text, cs);
    case 'attribute': {
      const obj = compileExpr(t.childForFieldName('object')!, cs);
      const name = t.childForFieldName('attribute')!.text;
      return (f, v) => setAttr(obj(f), name, v);
    }
    case 'subscript': {
      const obj = compileExpr(t.childForFieldName('value')!, cs);
      const key = compileSubscriptKey(t, cs);
      return (f, v) => {
        const t2 = f.ctx.temps;
        t2.push(v);
        const o = obj(f);
        t2.push(o);
        const k = key(f);
        t2.pop(); t2.pop();
        setItem(o, k, v, iterate);
      };
    }
    case 'parenthesized_expression': case 'as_pattern_target':
      return compileStore(t.namedChildren.find((c) => c && c.type !== 'comment')!, cs);
    case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list': case 'expression_list':
      return compileUnpack(t, cs);
    default: {
      const line = lineOf(t);
      return () => { throw notSupported(`assignment to ${t.type.replace(/_/g, ' ')}`, line); };
    }
  }
}

function take(src: Iterable<PyValue>, n: number): PyValue[] {
  const out: PyValue[] = [];
  if (n === 0) return out;
  for (const x of src) { out.push(x); if (out.length >= n) break; }
  return out;
}

/** iterate() for a target list: a value without __iter__ is CPython's "cannot unpack non-iterable X object". */
function unpackIter(v: PyValue): Iterable<PyValue> {
  try {
    return iterate(v);
  } catch (e) {
    const m = e instanceof PyException && e.pyType === 'TypeError' ? /^'(.+)' object is not iterable$/.exec(e.message) : null;
    throw m ? pyErr('TypeError', `cannot unpack non-iterable ${m[1]} object`) : e;
  }
}

function compileUnpack(t: SyntaxNode, cs: CompileState): Store {
  const elems = t.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const starIdx = elems.findIndex((c) => c.type === 'list_splat_pattern' || c.type === 'list_splat');
  const stores = elems.map((c, i) => (i === starIdx ? compileStore(c.namedChildren[0]!, cs) : compileStore(c, cs)));
  const n = elems.length;
  return (f, v) => {
    // Without a starred target at most n + 1 items are drawn (`a, b = endless()` is CPython's ValueError).
    const items = starIdx < 0 && !(v instanceof PyTuple || v instanceof PyList) ? take(unpackIter(v), n + 1) : toItems(v, unpackIter);
    if (starIdx < 0) {
      if (items.length !== n) {
        throw pyErr('ValueError', items.length > n ? `too many values to unpack (expected ${n})` : `not enough values to unpack (expected ${n}, got ${items.length})`);
      }
      for (let i = 0; i < n; i++) stores[i](f, items[i]);
      return;
    }
    const after = n - starIdx - 1;
    if (items.length < n - 1) throw pyErr('ValueError', `not enough values to unpack (expected at least ${n - 1}, got ${items.length})`);
    for (let i = 0; i < starIdx; i++) stores[i](f, items[i]);
    stores[starIdx](f, new PyList(items.slice(starIdx, items.length - after)));
    for (let i = 0; i < after; i++) stores[starIdx + 1 + i](f, items[items.length - after + i]);
  };
}
