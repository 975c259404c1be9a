// Number and string literals (escapes, raw strings, the text parts of f-strings).
import type { SyntaxNode } from '../parser';
import { notSupported, pyErr } from '../objects';

export function parseInteger(n: SyntaxNode): bigint {
  const t = n.text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) throw notSupported('complex numbers', n.startPosition.row + 1);
  if (/^0[0-9]+$/.test(t) && !/^0+$/.test(t)) throw pyErr('SyntaxError', 'leading zeros in decimal integer literals are not permitted');
  return BigInt(t.toLowerCase().replace(/l$/, ''));
}

export function parseFloat_(n: SyntaxNode): number {
  const t = n.text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) throw notSupported('complex numbers', n.startPosition.row + 1);
  return Number(t);
}

const simpleEscapes: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

export function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (m, e: string) => {
    if (Object.hasOwn(simpleEscapes, e)) return simpleEscapes[e];
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return m; // unknown escapes stay as written, like Python
  });
}

export interface StringPrefix { raw: boolean; f: boolean; bytes: boolean }

export function stringPrefix(stringNode: SyntaxNode): StringPrefix {
  const start = stringNode.children.find((c) => c?.type === 'string_start');
  const p = (start?.text ?? '').replace(/['"]/g, '').toLowerCase();
  return { raw: p.includes('r'), f: p.includes('f'), bytes: p.includes('b') };
}

/** The literal text of a string_content node, with escapes (and f-string braces) decoded. */
export function contentText(c: SyntaxNode, pre: StringPrefix): string {
  let t = c.text;
  if (pre.f) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return pre.raw ? t : decodeEscapes(t);
}
