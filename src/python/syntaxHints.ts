// CPython 3.11's more specific wording for some plain "invalid syntax" errors tree-sitter reports: f-string
// replacement fields that never close or hold nothing, two expressions side by side inside brackets ("Perhaps you
// forgot a comma?"), and `=` where a condition is expected ("Maybe you meant '==' or ':=' ...").

/** CPython's error for the body of an f-string (between its quotes), or null when the braces are well formed. */
export function fstringError(body: string): string | null {
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '{' || c === '}') {
      if (body[i + 1] === c) { i += 2; continue; }
      if (c === '}') return "f-string: single '}' is not allowed";
      const r = field(body, i + 1);
      if (typeof r === 'string') return r;
      i = r;
    } else i++;
  }
  return null;
}

/** Scans a replacement field from just after its '{'; the index after its '}', or the error. */
function field(body: string, start: number): number | string {
  let depth = 0;
  let i = start;
  for (; i < body.length; i++) {
    const c = body[i];
    if (c === "'" || c === '"') {
      const end = body.indexOf(c, i + 1);
      if (end < 0) return "f-string: expecting '}'";
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '}' && depth > 0) depth--;
    else if (depth === 0 && (c === '}' || c === ':' || (c === '!' && body[i + 1] !== '='))) break;
  }
  if (i >= body.length) return "f-string: expecting '}'";
  if (body.slice(start, i).trim() === '') {
    return body[i] === '}' ? 'f-string: empty expression not allowed' : `f-string: expression required before '${body[i]}'`;
  }
  if (body[i] === '!') { // conversion: up to ':' or '}'
    while (i < body.length && body[i] !== ':' && body[i] !== '}') i++;
    if (i >= body.length) return "f-string: expecting '}'";
  }
  if (body[i] === ':') { // format spec, which may hold nested replacement fields
    i++;
    while (i < body.length && body[i] !== '}') {
      if (body[i] === '{') {
        const r = field(body, i + 1);
        if (typeof r === 'string') return r;
        i = r;
      } else i++;
    }
    if (i >= body.length) return "f-string: expecting '}'";
  }
  return i + 1;
}

interface Tok { kind: 'name' | 'num' | 'str' | 'op'; text: string; line: number; depth: number }

const TOKEN = /[ \t\f\r]+|\\\n|\n|#[^\n]*|([rRbBfFuU]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)|(\d[\d_]*\.?[\d_]*(?:[eE][-+]?\d+)?[jJ]?|\.\d[\d_]*(?:[eE][-+]?\d+)?[jJ]?)|(\*\*=?|\/\/=?|==|!=|<=|>=|:=|->|<<=?|>>=?|[-+*/%&|^@<>]=?|[()[\]{}:,;.=~!])|./gy;

const KEYWORDS = new Set(['and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield']);

/** The tokens of the logical line holding physical line `line` (1-based), each with its bracket depth. */
function logicalLine(source: string, line: number): Tok[] {
  let cur: Tok[] = [];
  let depth = 0, ln = 1, m: RegExpExecArray | null;
  TOKEN.lastIndex = 0;
  while ((m = TOKEN.exec(source)) !== null) {
    const text = m[0];
    const at = ln;
    ln += text.split('\n').length - 1;
    if (text === '\n' && depth === 0) {
      if (at >= line && cur.length) return cur;
      cur = [];
      continue;
    }
    if (m[2] !== undefined) cur.push({ kind: 'str', text, line: at, depth });
    else if (m[3] !== undefined) cur.push({ kind: 'name', text, line: at, depth });
    else if (m[4] !== undefined) cur.push({ kind: 'num', text, line: at, depth });
    else if (m[5] !== undefined) {
      if ('([{'.includes(text)) cur.push({ kind: 'op', text, line: at, depth: depth++ });
      else if (')]}'.includes(text)) cur.push({ kind: 'op', text, line: at, depth: depth = Math.max(0, depth - 1) });
      else cur.push({ kind: 'op', text, line: at, depth });
    }
    if (text === '\n' && at >= line && depth === 0) return cur;
  }
  return cur;
}

const ends = (t: Tok): boolean => (t.kind === 'name' && !KEYWORDS.has(t.text)) || t.kind === 'num' || t.kind === 'str' || (t.kind === 'op' && ')]}'.includes(t.text));
const starts = (t: Tok): boolean => (t.kind === 'name' && !KEYWORDS.has(t.text)) || t.kind === 'num' || t.kind === 'str';

/** CPython's message for an "invalid syntax" tree-sitter found on `line`. */
export function invalidSyntaxMessage(source: string, line: number): string {
  const toks = logicalLine(source, line);
  const head = toks[0]?.text;
  if ((head === 'if' || head === 'elif' || head === 'while') && toks.some((t) => t.text === '=' && t.depth === 0)) {
    return "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
  }
  for (let k = 1; k < toks.length; k++) {
    const a = toks[k - 1], b = toks[k];
    if (b.depth > 0 && a.depth === b.depth && ends(a) && starts(b) && !(a.kind === 'str' && b.kind === 'str')) {
      return 'invalid syntax. Perhaps you forgot a comma?';
    }
  }
  return 'invalid syntax';
}
