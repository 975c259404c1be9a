// How each weight is used, read from the parse tree (tree-sitter-python), never from regexes: which axis of a
// hand-made weight is its input axis (so fan_in/fan_out follow the reader's intent, not a convention), the data
// it multiplies (to measure activation scale) and whether a bias is added to the product. Pure: no `vscode`.
import { parseTolerant, type SyntaxNode as Node } from '../python/parser';
import type { SchemeStd } from '../protocol/analysis';

export interface WeightUse {
  /** Canonical dotted name of the weight: `w1`, `self.fc1.weight`, `model.0.weight`. */
  name: string;
  /** Axis of the (2-D) weight that meets the data: fan_in = shape[inAxis], fan_out = shape[1 − inAxis]. */
  inAxis: 0 | 1;
  /** How the weight is used, as written (for the hover): `x.mm(w1)`, `x @ w1.t()`, `F.linear(x, W)`. */
  form: 'mm' | 'matmul' | '@' | 'linear';
  transposed: boolean;
  /** Source text of the data operand (`x`, `x.mm(w1).clamp(min=0)`), evaluated later in the setup's globals. */
  data: string;
  /** Data on the left (x @ W) or on the right (W @ x). */
  dataSide: 'left' | 'right';
  /** Source text of the bias added to the product, if any (`b1` in `x.mm(w1) + b1`, F.linear's third arg). */
  bias?: string;
  /** 1-based line of the use. */
  line: number;
  text: string;
}

const kids = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);
const FUNCTIONAL = new Set(['F', 'functional', 'nn.functional', 'torch.nn.functional']);

/** `w1`, `self.fc1.weight`, `model[0].weight` → `model.0.weight`; undefined for anything that is not a plain path. */
export function canonicalName(n: Node): string | undefined {
  switch (n.type) {
    case 'identifier': return n.text;
    case 'parenthesized_expression': { const k = kids(n); return k.length === 1 ? canonicalName(k[0]) : undefined; }
    case 'attribute': {
      const obj = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute');
      const base = obj && canonicalName(obj);
      return base && attr ? `${base}.${attr.text}` : undefined;
    }
    case 'subscript': {
      const value = n.childForFieldName('value');
      const sub = n.childForFieldName('subscript');
      const base = value && canonicalName(value);
      if (!base || !sub) return undefined;
      if (sub.type === 'integer') return `${base}.${sub.text}`;
      if (sub.type === 'string') return `${base}.${sub.text.slice(1, -1)}`;
      return undefined;
    }
    default: return undefined;
  }
}

/** `w.t()`, `w.T`, `w.transpose(0, 1)` → w with transposed = true; anything else as it is. */
function unwrapTranspose(n: Node): { node: Node; transposed: boolean } {
  let cur = n;
  while (cur.type === 'parenthesized_expression' && kids(cur).length === 1) cur = kids(cur)[0];
  if (cur.type === 'attribute' && cur.childForFieldName('attribute')?.text === 'T') {
    return { node: cur.childForFieldName('object')!, transposed: true };
  }
  if (cur.type === 'call') {
    const fn = cur.childForFieldName('function');
    if (fn?.type === 'attribute' && ['t', 'transpose'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
      return { node: fn.childForFieldName('object')!, transposed: true };
    }
  }
  return { node: cur, transposed: false };
}

function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? kids(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment') : [];
}

function keywordArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  for (const a of args ? kids(args) : []) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The bias added to a product node: `prod + b`, `b + prod`, `prod.add(b)`, looking through parentheses. */
function addedBias(prod: Node): string | undefined {
  let cur = prod;
  while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
  const p = cur.parent;
  if (!p) return undefined;
  if (p.type === 'binary_operator' && ['+', '-'].includes(p.childForFieldName('operator')?.text ?? '')) {
    const other = p.childForFieldName('left')?.id === cur.id ? p.childForFieldName('right') : p.childForFieldName('left');
    return other?.text;
  }
  if (p.type === 'attribute' && p.childForFieldName('attribute')?.text === 'add' && p.parent?.type === 'call') {
    return positionalArgs(p.parent)[0]?.text;
  }
  return undefined;
}

/** The matmul-like operation a node performs, as (left operand, right operand), or F.linear's (x, W, b). */
function matmulOperands(n: Node): { left: Node; right: Node; form: WeightUse['form'] } | { x: Node; w: Node; b?: Node } | undefined {
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '@') {
    const left = n.childForFieldName('left'), right = n.childForFieldName('right');
    return left && right ? { left, right, form: '@' } : undefined;
  }
  if (n.type !== 'call') return undefined;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const attr = fn.childForFieldName('attribute')?.text;
  const obj = fn.childForFieldName('object')!;
  const args = positionalArgs(n);
  if (attr === 'mm' || attr === 'matmul') {
    const form = attr;
    if (obj.text === 'torch') return args.length >= 2 ? { left: args[0], right: args[1], form } : undefined;
    return args.length >= 1 ? { left: obj, right: args[0], form } : undefined;
  }
  if (attr === 'linear' && FUNCTIONAL.has(obj.text)) {
    const w = args[1] ?? keywordArg(n, 'weight');
    const x = args[0] ?? keywordArg(n, 'input');
    const b = args[2] ?? keywordArg(n, 'bias');
    return x && w ? { x, w, b: b && b.text !== 'None' ? b : undefined } : undefined;
  }
  return undefined;
}

function visit(n: Node, f: (n: Node) => void): void {
  f(n);
  for (const c of kids(n)) visit(c, f);
}

/**
 * Every use of a named tensor as a matmul operand. A weight can appear on either side; the side that is a plain
 * name is taken as the weight (`x.mm(w1)`: both are names, so both get a use — the one whose fan matters is
 * decided by which of them is a parameter at stats time).
 */
export function findWeightUsesInTree(root: Node): WeightUse[] {
  const out: WeightUse[] = [];
  visit(root, (n) => {
    const ops = matmulOperands(n);
    if (!ops) return;
    const line = n.startPosition.row + 1;
    if ('x' in ops) {
      const { node, transposed } = unwrapTranspose(ops.w);
      const name = canonicalName(node);
      // F.linear(x, W) computes x @ W.T: W is (out, in).
      if (name) out.push({ name, inAxis: transposed ? 0 : 1, form: 'linear', transposed, data: ops.x.text, dataSide: 'left',
        bias: ops.b?.text ?? addedBias(n), line, text: n.text });
      return;
    }
    const bias = addedBias(n);
    for (const side of ['right', 'left'] as const) {
      const operand = side === 'right' ? ops.right : ops.left;
      const other = side === 'right' ? ops.left : ops.right;
      const { node, transposed } = unwrapTranspose(operand);
      const name = canonicalName(node);
      if (!name) continue;
      // x @ W: W is (in, out); W @ x: W is (out, in). A transpose swaps them.
      const inAxis = (side === 'right') !== transposed ? 0 : 1;
      out.push({ name, inAxis, form: ops.form, transposed, data: other.text, dataSide: side === 'right' ? 'left' : 'right',
        bias, line, text: n.text });
    }
  });
  return out;
}

export function findWeightUses(source: string): WeightUse[] {
  const tree = parseTolerant(source);
  try { return findWeightUsesInTree(tree.rootNode); } finally { tree.delete(); }
}

/** Fan of a weight from its uses: the first use's reading wins (later uses of a well-formed net agree with it). */
export function fanFromUses(shape: readonly number[], uses: readonly WeightUse[]): { fan_in: number; fan_out: number; use: WeightUse } | undefined {
  const use = uses[0];
  if (!use) return undefined;
  if (shape.length === 1) return { fan_in: shape[0], fan_out: 1, use };
  if (shape.length !== 2) return undefined;
  return { fan_in: shape[use.inAxis], fan_out: shape[1 - use.inAxis], use };
}

/** PyTorch's own rule (torch.nn.init._calculate_fan_in_and_fan_out) for module parameters: weight is (out, in, *k). */
export function torchFan(shape: readonly number[]): { fan_in: number; fan_out: number } | undefined {
  if (shape.length < 2) return undefined;
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fan_in: shape[1] * receptive, fan_out: shape[0] * receptive };
}

// ---------------------------------------------------------------- schemes

export function schemeStds(fanIn: number, fanOut: number): SchemeStd[] {
  return [
    // kaiming_uniform_(a=√5) draws U(±1/√fan_in), whose std is 1/√(3·fan_in).
    { id: 'linear', label: "PyTorch's nn.Linear default", formula: '1/√(3·fan_in)', std: 1 / Math.sqrt(3 * fanIn) },
    { id: 'kaiming', label: 'Kaiming/He (ReLU)', formula: '√2/√fan_in', std: Math.SQRT2 / Math.sqrt(fanIn) },
    { id: 'xavier', label: 'Xavier/Glorot', formula: '√(2/(fan_in+fan_out))', std: Math.sqrt(2 / (fanIn + fanOut)) },
    { id: 'lecun', label: 'LeCun', formula: '1/√fan_in', std: 1 / Math.sqrt(fanIn) },
  ];
}

export interface ModuleCall { callee: string; data: string; line: number }

/** `model(x)`-style calls (callee a plain path, first argument the data), for layer-by-layer activation scale. */
export function findModuleCallsInTree(root: Node): ModuleCall[] {
  const out: ModuleCall[] = [];
  visit(root, (n) => {
    if (n.type !== 'call') return;
    const fn = n.childForFieldName('function');
    const callee = fn ? canonicalName(fn) : undefined;
    const arg = positionalArgs(n)[0];
    if (callee && arg) out.push({ callee, data: arg.text, line: n.startPosition.row + 1 });
  });
  return out;
}

export function findModuleCalls(source: string): ModuleCall[] {
  const tree = parseTolerant(source);
  try { return findModuleCallsInTree(tree.rootNode); } finally { tree.delete(); }
}
