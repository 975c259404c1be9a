// What a hover at a position is about, on the parse tree: a variable (`w1`), a module or parameter path
// (`model`, `model[0].weight`, `self.fc1`) or a creating call (`torch.randn(...)` → the name it is assigned to),
// then the matching entry of the init statistics. Pure (no `vscode`): the hover provider and tests share it.
import { parseTolerant, type SyntaxNode as Node } from '../python/parser';
import { canonicalName } from './fanInference';
import type { InitStats, ModuleStats, TensorStats } from '../protocol/analysis';
import type { SnippetPart } from './snippet';

export interface HoverTarget {
  /** Canonical path as written: `w1`, `model.0.weight`, `self.fc1`. */
  expr: string;
  /** Name of the class whose method the expression sits in (to resolve `self`). */
  inClass?: string;
  /** 0-based range of the hovered expression. */
  line: number; column: number; endLine: number; endColumn: number;
}

const CREATORS = /^(torch\.)?(randn|rand|zeros|ones|empty|full|normal|randint|tensor|eye|arange|linspace)$/;

function range(n: Node): Pick<HoverTarget, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { line: n.startPosition.row, column: n.startPosition.column, endLine: n.endPosition.row, endColumn: n.endPosition.column };
}

function enclosingClass(n: Node): string | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
  return undefined;
}

/** The assignment target of a creating call whose function name is at the position. */
function creatingCall(n: Node): Node | undefined {
  for (let p: Node | null = n; p; p = p.parent) {
    if (p.type !== 'call') continue;
    const fn = p.childForFieldName('function');
    // Only when hovering the function part: an argument (`D_in`) is its own thing.
    if (!fn || n.startIndex < fn.startIndex || n.endIndex > fn.endIndex) return undefined;
    return CREATORS.test(canonicalName(fn) ?? '') ? p : undefined;
  }
  return undefined;
}

function assignedTo(call: Node): Node | undefined {
  let cur = call;
  while (cur.parent && ['attribute', 'call', 'parenthesized_expression', 'binary_operator'].includes(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  return p?.type === 'assignment' && p.childForFieldName('right')?.id === cur.id ? p.childForFieldName('left') ?? undefined : undefined;
}

export function hoverTarget(source: string, line: number, column: number): HoverTarget | undefined {
  const tree = parseTolerant(source);
  try {
    const n = tree.rootNode.descendantForPosition({ row: line, column });
    if (!n || !['identifier', 'integer', 'string_content'].includes(n.type)) return undefined;
    const call = creatingCall(n);
    if (call) {
      const left = assignedTo(call);
      const expr = left ? canonicalName(left) : undefined;
      return expr ? { expr, inClass: enclosingClass(call), ...range(call.childForFieldName('function')!) } : undefined;
    }
    // `weight` in `model[0].weight` and `0` in `model[0]` name the whole path; `model` names the module.
    let node: Node = n;
    if (n.type === 'string_content' && n.parent?.parent?.type === 'subscript') node = n.parent.parent;
    else if (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id) node = n.parent;
    else if (n.parent?.type === 'subscript' && n.parent.childForFieldName('subscript')?.id === n.id) node = n.parent;
    const expr = canonicalName(node);
    if (!expr || expr === 'self') return undefined;
    return { expr, inClass: enclosingClass(node), ...range(node) };
  } finally {
    tree.delete();
  }
}

export interface ResolvedStats { name: string; tensor?: TensorStats; module?: ModuleStats }

/** The statistics entry for a target: `self.x` inside class C reads the global instance of C. */
export function resolveStats(stats: InitStats, target: HoverTarget): ResolvedStats | undefined {
  let names = [target.expr];
  if (target.expr.startsWith('self.') && target.inClass) {
    const rest = target.expr.slice('self'.length);
    // Top-level instances first (`net`), then instances nested in other modules.
    const owners = stats.modules.filter((m) => m.cls === target.inClass).sort((a, b) => a.name.split('.').length - b.name.split('.').length);
    names = owners.map((m) => m.name + rest);
  }
  for (const name of names) {
    const tensor = stats.tensors.find((t) => t.name === name);
    const module = stats.modules.find((m) => m.name === name);
    if (tensor || module) return { name, tensor, module };
  }
  return undefined;
}

/** A document position (0-based) as a position in the joined snippet source (0-based line), if it is in a cell. */
export function toSnippetPosition(parts: readonly SnippetPart[], key: string, line: number, column: number): { line: number; column: number } | undefined {
  for (const p of parts) {
    if (p.key !== key || line < p.firstLine || line >= p.firstLine + p.lineCount) continue;
    return { line: p.snippetLine - 1 + (line - p.firstLine), column: Math.max(0, column - p.indent) };
  }
  return undefined;
}
