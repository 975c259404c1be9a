// "Fix the init" edits on the parse tree: rescale a `torch.randn(...)`/`torch.rand(...)` weight creation
// to a known scheme, keeping the tensor a leaf — `requires_grad=True` leaves the call and `.requires_grad_()` goes
// on the scaled result — and add `import math` when the module has none. Pure (no `vscode`): the code action
// provider applies the edits, the unit tests apply them to strings.
import { parseTolerant, type SyntaxNode as Node } from '../python/parser';
import { canonicalName, findWeightUsesInTree } from './fanInference';

export type FixScheme = 'linear' | 'kaiming' | 'xavier' | 'lecun';

/** 0-based, end exclusive; columns in UTF-16 code units (what VS Code positions use). */
export interface TextEdit { line: number; column: number; endLine: number; endColumn: number; newText: string }

export interface InitFix {
  scheme: FixScheme;
  title: string;
  /** The weight's name (`w1`) when the call is assigned to one. */
  target?: string;
  edits: TextEdit[];
  /** Source text of the fan_in / fan_out dimensions used. */
  fanIn: string;
  fanOut: string;
}

const TITLES: Record<FixScheme, string> = {
  linear: 'Scale like nn.Linear',
  kaiming: 'Kaiming (He) init',
  xavier: 'Xavier init',
  lecun: 'LeCun init (÷√fan_in)',
};
const CREATORS = new Set(['torch.randn', 'torch.rand', 'randn', 'rand']);
const kids = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);

/** Wraps an argument's text in parentheses unless it is a name, a number or an attribute path. */
function atom(n: Node): string {
  return ['identifier', 'integer', 'attribute', 'subscript', 'call', 'parenthesized_expression'].includes(n.type) ? n.text : `(${n.text})`;
}

/** Scaled expression for each scheme. randn has std 1; rand is U[0,1), so it is centred to U(−1,1) (std 1/√3) first. */
function scaled(call: string, normal: boolean, scheme: FixScheme, fin: string, fout: string, finRaw: string): string {
  if (normal) {
    switch (scheme) {
      case 'linear': return `${call} / math.sqrt(3 * ${fin})`;
      case 'kaiming': return `${call} * math.sqrt(2 / ${fin})`;
      case 'xavier': return `${call} * math.sqrt(2 / (${fin} + ${fout}))`;
      case 'lecun': return `${call} / math.sqrt(${finRaw})`;
    }
  }
  const u = `(${call} * 2 - 1)`;
  switch (scheme) {
    // nn.Linear's exact distribution: U(±1/√fan_in).
    case 'linear': return `${u} / math.sqrt(${finRaw})`;
    case 'kaiming': return `${u} * math.sqrt(6 / ${fin})`;
    case 'xavier': return `${u} * math.sqrt(6 / (${fin} + ${fout}))`;
    case 'lecun': return `${u} * math.sqrt(3 / ${fin})`;
  }
}

function creationCalls(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const name = fn ? canonicalName(fn) : undefined;
      if (name && CREATORS.has(name)) out.push(n);
    }
    for (const c of kids(n)) walk(c);
  };
  walk(root);
  return out;
}

/** The statement a node belongs to (its line is where the lightbulb shows). */
function statementOf(n: Node): Node {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  return cur;
}

function assignedName(call: Node): string | undefined {
  let cur = call;
  while (cur.parent && ['attribute', 'call', 'parenthesized_expression', 'binary_operator'].includes(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === cur.id) {
    const left = p.childForFieldName('left');
    return left ? canonicalName(left) : undefined;
  }
  return undefined;
}

function shapeArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  const pos = args ? kids(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment') : [];
  const size = args ? kids(args).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'size') : undefined;
  const one = pos.length === 1 ? pos[0] : size?.childForFieldName('value') ?? undefined;
  if (one && (one.type === 'tuple' || one.type === 'list')) return kids(one);
  return pos;
}

function offsetToPos(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

function edit(source: string, start: number, end: number, newText: string): TextEdit {
  const a = offsetToPos(source, start), b = offsetToPos(source, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, newText };
}

/** `import math` (or `import math as m`) at module level: the name math is bound to; undefined when missing. */
function mathBinding(root: Node): string | undefined {
  for (const s of kids(root)) {
    if (s.type !== 'import_statement') continue;
    for (const n of kids(s)) {
      if (n.type === 'dotted_name' && n.text === 'math') return 'math';
      if (n.type === 'aliased_import' && n.childForFieldName('name')?.text === 'math') return n.childForFieldName('alias')?.text;
    }
  }
  return undefined;
}

/** The call's text without its requires_grad= argument (and the comma that separated it), plus that argument's value. */
function withoutRequiresGrad(call: Node): { text: string; requiresGrad?: string } {
  const args = call.childForFieldName('arguments');
  const list = args ? kids(args).filter((a) => a.type !== 'comment') : [];
  const i = list.findIndex((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'requires_grad');
  if (i < 0) return { text: call.text };
  const kw = list[i];
  const base = call.startIndex;
  // Cut from the end of the previous argument (its comma goes too), or up to the next one when it is first.
  const from = i > 0 ? list[i - 1].endIndex : kw.startIndex;
  const to = i > 0 ? kw.endIndex : (list[i + 1]?.startIndex ?? kw.endIndex);
  const text = call.text.slice(0, from - base) + call.text.slice(to - base);
  return { text, requiresGrad: kw.childForFieldName('value')?.text };
}

/**
 * The init fixes for the `torch.randn`/`torch.rand` weight creation at (line, column) — 0-based — or on that line.
 * Offered for weights only: a creation with requires_grad=True (or chained `.requires_grad_()`).
 */
export function initFixes(source: string, line: number, column: number): InitFix[] {
  const tree = parseTolerant(source);
  try {
    const root = tree.rootNode;
    const calls = creationCalls(root);
    const inside = (n: Node): boolean => {
      const s = n.startPosition, e = n.endPosition;
      return (line > s.row || (line === s.row && column >= s.column)) && (line < e.row || (line === e.row && column <= e.column));
    };
    const call = calls.find(inside) ?? calls.find((c) => statementOf(c).startPosition.row === line);
    if (!call) return [];
    const target = assignedName(call);
    const uses = target ? findWeightUsesInTree(root).filter((u) => u.name === target) : [];
    const { text, requiresGrad } = withoutRequiresGrad(call);
    // A weight is what gets a gradient; `x.mm(w1)` alone cannot tell the data x from the weight w1.
    const chainedGrad = call.parent?.type === 'attribute' && call.parent.childForFieldName('attribute')?.text === 'requires_grad_';
    if (!chainedGrad && (requiresGrad === undefined || requiresGrad === 'False')) return [];
    const dims = shapeArgs(call);
    if (dims.length !== 2) return [];
    // The same reading as the hover's stats: the use decides which axis is the input; PyTorch's (out, in) otherwise.
    const inAxis = uses[0]?.inAxis ?? 1;
    const fin = atom(dims[inAxis]), fout = atom(dims[1 - inAxis]);
    const normal = (call.childForFieldName('function')?.text ?? '').endsWith('randn');
    const math = mathBinding(root);
    const imports: TextEdit[] = [];
    if (!math) {
      const firstImport = kids(root).find((s) => s.type === 'import_statement' || s.type === 'import_from_statement'
        && s.childForFieldName('module_name')?.text !== '__future__');
      const at = firstImport ? firstImport.startPosition.row : 0;
      imports.push({ line: at, column: 0, endLine: at, endColumn: 0, newText: 'import math\n' });
    }
    // Parentheses only where the surrounding expression needs them.
    const p = call.parent;
    const standalone = !p || ['assignment', 'expression_statement', 'argument_list', 'keyword_argument', 'return_statement'].includes(p.type);
    return (['linear', 'kaiming', 'xavier', 'lecun'] as const).map((scheme) => {
      let expr = scaled(text, normal, scheme, fin, fout, dims[inAxis].text);
      if (math && math !== 'math') expr = expr.replace(/math\.sqrt/g, `${math}.sqrt`);
      if (requiresGrad !== undefined && requiresGrad !== 'False') {
        expr = `(${expr}).requires_grad_(${requiresGrad === 'True' ? '' : requiresGrad})`;
      } else if (!standalone) {
        expr = `(${expr})`;
      }
      return {
        scheme, title: `${TITLES[scheme]}${target ? ` for ${target}` : ''}`, target, fanIn: fin, fanOut: fout,
        edits: [...imports, edit(source, call.startIndex, call.endIndex, expr)],
      };
    });
  } finally {
    tree.delete();
  }
}

/** Applies non-overlapping edits to a string (bottom-up, so earlier positions stay valid). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const lines = source.split('\n');
  const offset = (l: number, c: number): number => lines.slice(0, l).reduce((a, s) => a + s.length + 1, 0) + c;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = source;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}

/**
 * Every hand-made weight creation (randn/rand with requires_grad) rewritten to `scheme`, for "Compare init".
 * `import math` goes on the first import's line (`import math; import torch`) so no line number moves: the run's
 * loop line, error lines and the panel's labels stay those of the file as written.
 */
export function fixAllInits(source: string, scheme: FixScheme): { source: string; fixed: string[] } {
  let out = source;
  const fixed: string[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const tree = parseTolerant(out);
    let next: InitFix | undefined;
    try {
      for (const call of creationCalls(tree.rootNode)) {
        const f = initFixes(out, call.startPosition.row, call.startPosition.column).find((x) => x.scheme === scheme);
        // A fixed creation no longer carries requires_grad=, so it is not offered again.
        if (f) { next = f; break; }
      }
    } finally {
      tree.delete();
    }
    if (!next) break;
    const edits = next.edits.map((e) => (e.newText === 'import math\n' ? { ...e, newText: 'import math; ' } : e));
    out = applyEdits(out, edits);
    fixed.push(next.target ?? `line ${next.edits[next.edits.length - 1].line + 1}`);
  }
  return { source: out, fixed };
}
