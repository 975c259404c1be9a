// String literals and f-strings: constant pieces are joined at compile time, interpolations become closures.
import type { SyntaxNode } from '../parser';
import type { Expr, Frame } from '../frame';
import { PyTuple } from '../host';
import { formatValue, repr, str } from '../format';
import { contentText, stringPrefix } from './literals';
import { compileExpr, compileItems, unsupported, type CompileState } from './expressions';

export function compileString(n: SyntaxNode, cs: CompileState): Expr {
  const strings = n.type === 'concatenated_string' ? n.namedChildren.filter((c): c is SyntaxNode => c?.type === 'string') : [n];
  const parts: Array<string | Expr> = [];
  for (const s of strings) {
    const pre = stringPrefix(s);
    if (pre.bytes) return unsupported('bytes literals', s);
    for (const c of s.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') parts.push(contentText(c, pre));
      else if (c.type === 'interpolation') parts.push(compileInterpolation(c, cs));
      else if (c.type === 'escape_sequence') parts.push(pre.raw ? c.text : contentText(c, pre));
    }
  }
  if (parts.every((p) => typeof p === 'string')) {
    const v = (parts as string[]).join('');
    return () => v;
  }
  return (f) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : (p(f) as string);
    return out;
  };
}

function compileInterpolation(n: SyntaxNode, cs: CompileState): Expr {
  const exprNode = n.childForFieldName('expression')!;
  const e = exprNode.type === 'expression_list' || exprNode.type === 'pattern_list'
    ? compileItemsAsTuple(exprNode, cs) : compileExpr(exprNode, cs);
  const conv = n.childForFieldName('type_conversion')?.text.slice(1);
  const selfDoc = n.children.some((c) => c?.type === '=');
  const specNode = n.childForFieldName('format_specifier');
  let spec: (f: Frame) => string = () => '';
  if (specNode) {
    // Spec text after ':' with nested {expr} fields replaced by their values.
    const pieces: Array<string | Expr> = [];
    let pos = specNode.startIndex + 1;
    const text = specNode.text;
    for (const c of specNode.namedChildren) {
      if (!c || c.type !== 'format_expression') continue;
      pieces.push(text.slice(pos - specNode.startIndex, c.startIndex - specNode.startIndex));
      pieces.push(compileExpr(c.childForFieldName('expression') ?? c.namedChildren[0]!, cs));
      pos = c.endIndex;
    }
    pieces.push(text.slice(pos - specNode.startIndex));
    spec = (f) => pieces.map((p) => (typeof p === 'string' ? p : str(p(f)))).join('');
  }
  const prefix = selfDoc ? `${exprNode.text}=` : '';
  const conversion = conv ?? (selfDoc && !specNode ? 'r' : undefined);
  return (f) => {
    let v = e(f);
    if (conversion === 'r' || conversion === 'a') v = repr(v);
    else if (conversion === 's') v = str(v);
    return prefix + formatValue(v, spec(f));
  };
}

function compileItemsAsTuple(n: SyntaxNode, cs: CompileState): Expr {
  const items = compileItems(n, cs);
  return (f) => new PyTuple(items(f));
}
