// Static name resolution, as CPython's symtable does: a name assigned anywhere in a function body is local
// to it unless declared global/nonlocal; class bodies are not visible to the functions nested in them.
import type { SyntaxNode } from '../parser';

export type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

export class ScopeInfo {
  readonly locals = new Set<string>();
  readonly globalDecl = new Set<string>();
  readonly nonlocalDecl = new Set<string>();
  /** A function's local slots (see Scope): parameters first, then other locals as compiled code first names them. */
  readonly slotNames: string[] = [];
  constructor(public readonly kind: ScopeKind, public readonly parent: ScopeInfo | null, public readonly name: string) {}
  /** The slot of local `name` in a function scope (allocated on first use). */
  slotOf(name: string): number {
    const i = this.slotNames.indexOf(name);
    if (i >= 0) return i;
    this.slotNames.push(name);
    return this.slotNames.length - 1;
  }
}

export type Resolution =
  | { kind: 'global' }
  | { kind: 'local' }
  | { kind: 'classlocal' }
  | { kind: 'free'; depth: number; owner: ScopeInfo };

export function resolve(name: string, s: ScopeInfo): Resolution {
  if (s.kind === 'module' || s.globalDecl.has(name)) return { kind: 'global' };
  if (s.locals.has(name) && !s.nonlocalDecl.has(name)) return { kind: s.kind === 'class' ? 'classlocal' : 'local' };
  // Class scopes hold no cell for nested code; functions defined in them capture the enclosing function.
  // Depth counts run-time scope hops: a function's scope links to its closure; a class body's scope links
  // to the enclosing function's scope. Either way the first enclosing function is one hop away.
  let depth = 1;
  for (let p = s.parent; p; p = p.parent) {
    if (p.kind === 'class') continue;
    if (p.kind === 'module') return { kind: 'global' };
    if (p.globalDecl.has(name)) return { kind: 'global' };
    if (p.locals.has(name) && !p.nonlocalDecl.has(name)) return { kind: 'free', depth, owner: p };
    depth++;
  }
  return { kind: 'global' };
}

/** Records the names a block binds (not descending into nested defs, classes, lambdas or comprehensions). */
export function collectBindings(block: SyntaxNode, s: ScopeInfo): void {
  for (const st of block.namedChildren) if (st) collectStmt(st, s);
  collectWalrus(block, s);
}

/** `(n := expr)` binds n in the enclosing function/module scope, also from inside a comprehension. */
function collectWalrus(n: SyntaxNode, s: ScopeInfo): void {
  // An explicit stack, not recursion: a deeply nested expression must fail later, in its own statement.
  const stack: SyntaxNode[] = [n];
  while (stack.length) {
    for (const c of stack.pop()!.namedChildren) {
      if (!c || c.type === 'function_definition' || c.type === 'lambda' || c.type === 'class_definition') continue;
      if (c.type === 'named_expression') { const name = c.childForFieldName('name'); if (name) s.locals.add(name.text); }
      stack.push(c);
    }
  }
}

function collectStmt(n: SyntaxNode, s: ScopeInfo): void {
  switch (n.type) {
    case 'expression_statement':
      for (const c of n.namedChildren) if (c) collectExprStmt(c, s);
      return;
    case 'function_definition':
    case 'class_definition': {
      const name = n.childForFieldName('name');
      if (name) s.locals.add(name.text);
      return;
    }
    case 'decorated_definition': {
      const d = n.childForFieldName('definition');
      if (d) collectStmt(d, s);
      return;
    }
    case 'for_statement': {
      const left = n.childForFieldName('left');
      if (left) collectTarget(left, s);
      break;
    }
    case 'global_statement':
      for (const c of n.namedChildren) if (c) s.globalDecl.add(c.text);
      return;
    case 'nonlocal_statement':
      for (const c of n.namedChildren) if (c) { s.nonlocalDecl.add(c.text); }
      return;
    case 'import_statement':
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'aliased_import') s.locals.add(c.childForFieldName('alias')!.text);
        else s.locals.add(c.text.split('.')[0]);
      }
      return;
    case 'import_from_statement':
      for (const c of n.childrenForFieldName('name')) {
        if (!c) continue;
        if (c.type === 'aliased_import') s.locals.add(c.childForFieldName('alias')!.text);
        else s.locals.add(c.text);
      }
      return;
    case 'with_statement':
      for (const t of n.descendantsOfType('as_pattern_target')) if (t && inSameBlock(t, n)) collectTarget(t.namedChildren[0]!, s);
      break;
    case 'except_clause':
      for (const c of n.namedChildren) {
        if (c?.type === 'as_pattern') {
          const alias = c.childForFieldName('alias');
          if (alias) collectTarget(alias.namedChildren[0] ?? alias, s);
        }
      }
      break;
    case 'delete_statement':
      break;
  }
  // Recurse into nested blocks of compound statements.
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'block') collectBindings(c, s);
    else if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'except_group_clause'].includes(c.type)) collectStmt(c, s);
  }
}

/** `with` targets belong to the with statement itself, not to nested statements inside its block. */
function inSameBlock(t: SyntaxNode, withStmt: SyntaxNode): boolean {
  for (let p = t.parent; p; p = p.parent) {
    if (p.type === 'block') return false;
    if (p.id === withStmt.id) return true;
  }
  return false;
}

function collectExprStmt(n: SyntaxNode, s: ScopeInfo): void {
  if (n.type === 'assignment') {
    const left = n.childForFieldName('left');
    if (left) collectTarget(left, s);
    const right = n.childForFieldName('right');
    if (right && right.type === 'assignment') collectExprStmt(right, s);
  } else if (n.type === 'augmented_assignment') {
    const left = n.childForFieldName('left');
    if (left) collectTarget(left, s);
  }
}

export function collectTarget(t: SyntaxNode, s: ScopeInfo): void {
  switch (t.type) {
    case 'identifier': s.locals.add(t.text); return;
    case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list':
    case 'parenthesized_expression': case 'list_splat_pattern': case 'as_pattern_target': case 'expression_list':
      for (const c of t.namedChildren) if (c) collectTarget(c, s);
      return;
    default: return; // attribute/subscript targets bind no name
  }
}
