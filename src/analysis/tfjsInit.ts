// Init statistics in JavaScript/TypeScript tfjs programs, on the parse tree: what a hover is about (a
// `tf.variable(tf.randomNormal([…]))`, a `tf.layers.dense(…)` factory, or a name), its Markdown, and the "rescale
// the init" fixes on `tf.randomNormal` / `tf.truncatedNormal`. Pure (no `vscode`): the editor and tests share it.
import { callArgs, kids, parseScript, type ScriptLanguage } from './scriptParser';
import { hoverMarkdown, num } from './initStatsFormat';
import type { InitStats, ModuleStats, TensorStats } from '../protocol/analysis';
import type { TextEdit } from './initFix';

type Node = ReturnType<typeof parseScript>['rootNode'];

const CREATOR = /^tf\.(variable|randomNormal|truncatedNormal|randomUniform|zeros|ones|layers\.\w+)$/;
const RESCALABLE = /^tf\.(randomNormal|truncatedNormal)$/;

export interface TfjsHoverTarget {
  /** The creating call's 1-based line (init statistics record it), or the hovered name. */
  line?: number;
  name?: string;
  /** 0-based range to highlight. */
  range: { line: number; column: number; endLine: number; endColumn: number };
}

function rangeOf(n: Node): TfjsHoverTarget['range'] {
  return { line: n.startPosition.row, column: n.startPosition.column, endLine: n.endPosition.row, endColumn: n.endPosition.column };
}

function calleeText(call: Node): string | undefined { return call.childForFieldName('function')?.text.replace(/\s+/g, ''); }

/** The outermost creating call whose callee the position is on (`tf.variable(tf.randomNormal(…))` → tf.variable). */
function creatingCall(n: Node): Node | undefined {
  let hit: Node | undefined;
  for (let p: Node | null = n; p; p = p.parent) {
    if (p.type !== 'call_expression') continue;
    const text = calleeText(p);
    if (!text || !CREATOR.test(text)) { if (hit) break; continue; }
    const fn = p.childForFieldName('function')!;
    // On the callee itself, or on a creating call that is an argument of this one.
    if (hit || (n.startIndex >= fn.startIndex && n.endIndex <= fn.endIndex)) hit = p;
  }
  return hit;
}

export function tfjsHoverTarget(source: string, lang: ScriptLanguage, line: number, column: number): TfjsHoverTarget | undefined {
  const tree = parseScript(source, lang);
  try {
    const n = tree.rootNode.descendantForPosition({ row: line, column });
    if (!n) return undefined;
    const call = creatingCall(n);
    if (call) {
      const fn = call.childForFieldName('function')!;
      return { line: fn.endPosition.row + 1, range: rangeOf(fn) };
    }
    if (n.type === 'identifier' || n.type === 'property_identifier') return { name: n.text, range: rangeOf(n) };
    return undefined;
  } finally {
    tree.delete();
  }
}

export interface TfjsResolved { title: string; tensors: TensorStats[]; module?: ModuleStats }

/** The statistics a target is about: what its line made, else the variable or layer of that name. */
export function resolveTfjsStats(stats: InitStats, target: TfjsHoverTarget): TfjsResolved | undefined {
  if (target.line !== undefined) {
    const module = stats.modules.find((m) => m.line === target.line);
    if (module) return { title: `${module.name} (${module.cls})`, tensors: stats.tensors.filter((t) => module.params.includes(t.name)), module };
    const tensors = stats.tensors.filter((t) => t.line === target.line);
    if (tensors.length) return { title: tensors.map((t) => t.name).join(', '), tensors };
  }
  if (target.name !== undefined) {
    const tensor = stats.tensors.find((t) => t.name === target.name);
    if (tensor) return { title: tensor.name, tensors: [tensor] };
  }
  return undefined;
}

/** "std 1.00 is 26× tfjs's Dense default 0.038 and 55× PyTorch's nn.Linear default 0.018". */
export function tfjsHeadline(t: TensorStats): string | undefined {
  const tfjs = t.schemes?.find((s) => s.id === 'tfjs');
  const torch = t.schemes?.find((s) => s.id === 'linear');
  if (!tfjs || !torch) return undefined;
  const rel = (r: number, what: string): string => (r >= 1.5 ? `${r >= 10 ? Math.round(r) : r.toFixed(1)}× ${what}`
    : r <= 1 / 1.5 ? `${1 / r >= 10 ? Math.round(1 / r) : (1 / r).toFixed(1)}× smaller than ${what}` : `about ${what}`);
  return `std ${num(t.std)} is ${rel(tfjs.ratio, `tfjs's Dense default ${num(tfjs.std)}`)} and ${rel(torch.ratio, `PyTorch's nn.Linear default ${num(torch.std)}`)}`;
}

/** The hover: each tensor's headline and statistics (a layer: its kernel and bias). */
export function tfjsHoverMarkdown(stats: InitStats, r: TfjsResolved): string {
  const parts: string[] = [];
  if (r.module) parts.push(`**${r.title}** · tf.layers`);
  for (const t of r.tensors) {
    const h = tfjsHeadline(t);
    if (h) parts.push(`**${t.name}: ${h}**`);
    else if (t.std === 0 && t.min === 0 && t.max === 0) parts.push(`**${t.name}: all zeros** (tfjs's default for a bias, as PyTorch's is not)`);
  }
  for (const t of r.tensors) parts.push(hoverMarkdown(stats, { name: t.name, tensor: t }).replace(/\n\n_Loss Lens ·[^]*$/, ''));
  const ran = stats.loopLine !== undefined ? `setup above line ${stats.loopLine}` : 'whole file';
  parts.push(`_Loss Lens · tfjs · seed ${stats.seed} · ${ran} · no training step ran_`);
  if (stats.error) parts.push(`_The setup stopped at ${stats.error.type}${stats.error.line ? ` (line ${stats.error.line})` : ''}: ${stats.error.message}_`);
  return parts.join('\n\n');
}

export interface TfjsInitFix { title: string; scheme: 'tfjs' | 'linear' | 'kaiming' | 'lecun'; edits: TextEdit[] }

/** Rescaling fixes for the `tf.randomNormal([in, out], …)` / `tf.truncatedNormal` call at a position: its stdDev. */
export function tfjsInitFixes(source: string, lang: ScriptLanguage, line: number, column: number): TfjsInitFix[] {
  const tree = parseScript(source, lang);
  try {
    const n = tree.rootNode.descendantForPosition({ row: line, column });
    let call: Node | undefined;
    for (let p: Node | null = n; p; p = p.parent) if (p.type === 'call_expression' && RESCALABLE.test(calleeText(p) ?? '')) { call = p; break; }
    // The position may be on `tf.variable(` with the draw inside it.
    if (!call && n) {
      const outer = creatingCall(n);
      const inner = outer ? callArgs(outer)[0] : undefined;
      if (inner?.type === 'call_expression' && RESCALABLE.test(calleeText(inner) ?? '')) call = inner;
    }
    if (!call) return [];
    const args = callArgs(call);
    const shape = args[0];
    if (shape?.type !== 'array') return [];
    const dims = kids(shape).filter((k) => k.type !== 'comment');
    if (dims.length !== 2) return [];
    // tfjs weights are (in, out): x.matMul(w).
    const [fin, fout] = dims.map((d) => (/^[\w.]+$/.test(d.text) ? d.text : `(${d.text})`));
    const schemes: [TfjsInitFix['scheme'], string, string][] = [
      ['tfjs', `Math.sqrt(2 / (${fin} + ${fout}))`, "Xavier/Glorot std √(2/(fan_in+fan_out)) (tfjs's Dense default, before its 2σ cut)"],
      ['linear', `1 / Math.sqrt(3 * ${fin})`, "PyTorch's nn.Linear scale 1/√(3·fan_in)"],
      ['kaiming', `Math.sqrt(2 / ${fin})`, 'Kaiming (He) std √2/√fan_in, for ReLU nets'],
      ['lecun', `1 / Math.sqrt(${fin})`, 'LeCun std 1/√fan_in'],
    ];
    return schemes.map(([scheme, std, what]) => {
      let edit: TextEdit;
      if (args.length === 1) edit = at(shape.endPosition, shape.endPosition, `, 0, ${std}`);
      else if (args.length === 2) edit = at(args[1].endPosition, args[1].endPosition, `, ${std}`);
      else edit = at(args[2].startPosition, args[2].endPosition, std);
      return { title: `Rescale the init: ${what}`, scheme, edits: [edit] };
    });
  } finally {
    tree.delete();
  }
}

function at(from: { row: number; column: number }, to: { row: number; column: number }, newText: string): TextEdit {
  return { line: from.row, column: from.column, endLine: to.row, endColumn: to.column, newText };
}
