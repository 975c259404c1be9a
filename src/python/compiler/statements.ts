// Statements → closures returning a control signal (NORMAL/BREAK/CONTINUE/RETURN), so loops and returns
// need no exceptions. Every statement records its line in the frame first (error lines, tracebacks).
import type { BinaryOp } from '../host';
import type { SyntaxNode } from '../parser';
import { notSupported, pyErr } from '../objects';
import { BREAK, CONTINUE, NORMAL, RETURN, type Expr, type Frame, type Stmt } from '../frame';
import { truthy } from '../ops';
import { inplaceFn } from '../fastops';
import { delAttr, getAttr, iterate, setAttr } from '../runtime';
import { delItem, getItem, setItem } from '../containers';
import { compileExpr, compileStore, compileSubscriptKey, lineOf, type CompileState } from './expressions';
import { compileName, deleteName, storeName } from './names';
import { compileFor, compileIf, compileTry, compileWhile } from './control';
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

export function unsupportedStmt(what: string, n: SyntaxNode): Stmt {
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
