// The format-spec mini-language (f-strings, format(), str.format) and %-formatting, with CPython's rounding.
import { PyDict, PyTuple, isHost, type PyValue } from './host';
import { PyInstance, pyErr } from './objects';
import { callMethodIfDefined, typeName } from './runtime';
import { floatRepr, intToDecimal, repr, str } from './format';

// ----- format-spec mini-language -----------------------------------------------------------------------

interface Spec {
  fill: string; align: string; sign: string; alt: boolean; zero: boolean; width: number;
  grouping: string; precision: number | null; type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw pyErr('ValueError', `Invalid format specifier '${spec}'`);
  return {
    fill: m[1] ?? (m[5] && !m[2] ? '0' : ' '), align: m[2] ?? (m[5] ? '=' : ''), sign: m[3] ?? '-', alt: !!m[4],
    zero: !!m[5], width: m[6] ? Number(m[6]) : 0, grouping: m[7] ?? '', precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? '',
  };
}

function group(intPart: string, sep: string): string {
  if (!sep) return intPart;
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

// JS's toFixed/toExponential round exact decimal ties away from zero; CPython rounds them to even.
// Ties are rare (the double must sit exactly on the midpoint) and are detected exactly with BigInt.

/** x (≥ 0, finite) as N/D exactly, scaled by 10^k. */
function exactScaled(x: number, k: number): [bigint, bigint] {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = bexp - 1075;
  if (bexp === 0) e = -1074; else mant |= 1n << 52n;
  let N = mant, D = 1n;
  if (e >= 0) N <<= BigInt(e); else D <<= BigInt(-e);
  if (k >= 0) N *= 10n ** BigInt(k); else D *= 10n ** BigInt(-k);
  return [N, D];
}

/** floor(x·10^k) when x·10^k is an exact tie whose floor is even (JS would round it up), else null. */
function evenTieFloor(x: number, k: number): bigint | null {
  if (x === 0 || !Number.isFinite(x)) return null;
  const [N, D] = exactScaled(x, k);
  if (D % 2n !== 0n || N % D !== D / 2n) return null;
  const q = N / D;
  return q % 2n === 0n ? q : null;
}

/** x.toFixed(p) with CPython's round-half-even on exact ties (x ≥ 0). */
export function toFixedPy(x: number, p: number): string {
  // JS switches to exponent notation from 1e21; such doubles are integers, so print them exactly.
  if (x >= 1e21 && Number.isFinite(x)) return BigInt(x).toString() + (p > 0 ? `.${'0'.repeat(p)}` : '');
  const q = evenTieFloor(x, p);
  if (q === null) return x.toFixed(p);
  const digits = q.toString().padStart(p + 1, '0');
  return p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

function toExponentialPy(x: number, p: number): string {
  if (x !== 0 && Number.isFinite(x)) {
    const e10 = Number(x.toExponential().split('e')[1]);
    const q = evenTieFloor(x, p - e10);
    if (q !== null) {
      const d = q.toString();
      return `${d[0]}${p > 0 ? `.${d.slice(1)}` : ''}e${e10 < 0 ? '-' : '+'}${Math.abs(e10)}`;
    }
  }
  return x.toExponential(p);
}

/** Exponent form with CPython's two-digit minimum exponent. */
function expForm(x: number, prec: number, upper = false): string {
  const [m, e] = toExponentialPy(x, prec).split('e');
  const exp = Number(e);
  const s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

function stripZeros(s: string): string {
  const [m, e] = s.split('e');
  const t = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  return e !== undefined ? `${t}e${e}` : t;
}

function generalForm(x: number, prec: number, alt: boolean, upper: boolean, noType: boolean): string {
  if (prec === 0) prec = 1;
  if (x === 0) return alt ? `0.${'0'.repeat(prec - 1)}` : (noType ? '0.0' : '0');
  const exp = Number(toExponentialPy(x, prec - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < prec) {
    s = toFixedPy(x, Math.max(prec - 1 - exp, 0));
    if (!alt) s = stripZeros(s);
    if (noType && !s.includes('.')) s += '.0';
  } else {
    s = expForm(x, prec - 1);
    if (!alt) s = stripZeros(s);
  }
  return upper ? s.toUpperCase() : s;
}

function formatFloat(x: number, sp: Spec): string {
  const t = sp.type;
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf';
  else if (t === 'f' || t === 'F') body = toFixedPy(a, sp.precision ?? 6);
  else if (t === 'e' || t === 'E') body = expForm(a, sp.precision ?? 6, t === 'E');
  else if (t === '%') body = `${toFixedPy(a * 100, sp.precision ?? 6)}%`;
  else if (t === 'g' || t === 'G' || t === 'n') body = generalForm(a, sp.precision ?? 6, sp.alt, t === 'G', false);
  else if (t === '') body = sp.precision === null ? floatRepr(a) : generalForm(a, sp.precision, sp.alt, false, true);
  else throw pyErr('ValueError', `Unknown format code '${t}' for object of type 'float'`);
  if ((t === 'F' || t === 'E' || t === 'G') && !Number.isFinite(a)) body = body.toUpperCase();
  if (sp.grouping && Number.isFinite(a)) {
    const [ip, ...rest] = body.split('.');
    body = [group(ip, sp.grouping), ...rest].join('.');
  }
  return pad(signed(body, neg && !Number.isNaN(x), sp.sign), sp, true);
}

function signed(body: string, neg: boolean, sign: string): string {
  return (neg ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + body;
}

function pad(s: string, sp: Spec, numeric: boolean): string {
  const n = [...s].length;
  if (n >= sp.width) return s;
  const fill = sp.fill.repeat(sp.width - n);
  const align = sp.align || (numeric ? '>' : '<');
  if (align === '<') return s + fill;
  if (align === '>') return fill + s;
  if (align === '^') {
    const left = Math.floor((sp.width - n) / 2);
    return sp.fill.repeat(left) + s + sp.fill.repeat(sp.width - n - left);
  }
  // '=': padding goes after the sign
  const m = /^([+\- ]?(?:0[xbo])?)(.*)$/s.exec(s)!;
  return m[1] + fill + m[2];
}

function formatInt(x: bigint, sp: Spec): string {
  const t = sp.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloat(Number(x), sp);
  const neg = x < 0n;
  const a = neg ? -x : x;
  let body: string;
  if (t === '' || t === 'd' || t === 'n') body = group(intToDecimal(a), sp.grouping);
  else if (t === 'x' || t === 'X') { body = a.toString(16); if (t === 'X') body = body.toUpperCase(); if (sp.alt) body = `0${t}${body}`; }
  else if (t === 'o') { body = a.toString(8); if (sp.alt) body = `0o${body}`; }
  else if (t === 'b') { body = a.toString(2); if (sp.alt) body = `0b${body}`; }
  else if (t === 'c') body = String.fromCodePoint(Number(a));
  else throw pyErr('ValueError', `Unknown format code '${t}' for object of type 'int'`);
  if (sp.precision !== null) throw pyErr('ValueError', 'Precision not allowed in integer format specifier');
  return pad(signed(body, neg, sp.sign), sp, true);
}

/** format(value, spec): what `f"{value:spec}"` produces. */
export function formatValue(v: PyValue, spec: string): string {
  if (typeof v === 'boolean') v = spec === '' ? v : BigInt(v);
  // f"{x}" is format(x, ''): a native object with its own __format__ decides (0-d tensors print their scalar).
  if (spec === '') return isHost(v) && v.format ? v.format(spec) : str(v);
  if (typeof v === 'number') return formatFloat(v, parseSpec(spec));
  if (typeof v === 'bigint') return formatInt(v, parseSpec(spec));
  if (typeof v === 'string') {
    const sp = parseSpec(spec);
    if (sp.type !== '' && sp.type !== 's') throw pyErr('ValueError', `Unknown format code '${sp.type}' for object of type 'str'`);
    const s = sp.precision !== null ? [...v].slice(0, sp.precision).join('') : v;
    return pad(s, sp, false);
  }
  if (isHost(v)) {
    if (v.format) return v.format(spec);
    if (v.toFloat) return formatFloat(v.toFloat(), parseSpec(spec));
  }
  if (v instanceof PyInstance) {
    const r = callMethodIfDefined(v, '__format__', [spec]);
    if (typeof r === 'string') return r;
  }
  throw pyErr('TypeError', `unsupported format string passed to ${typeName(v)}.__format__`);
}

// ----- %-formatting -------------------------------------------------------------------------------------

function toNumber(v: PyValue, code: string): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return BigInt(v);
  if (isHost(v) && v.toFloat) return v.toFloat();
  throw pyErr('TypeError', `%${code} format: a real number is required, not ${typeName(v)}`);
}

/** CPython's check that every `%(key)` closes (parentheses inside a key nest), in one left-to-right pass. */
function checkPercentKeys(fmt: string): void {
  for (let i = fmt.indexOf('%'); i >= 0; i = fmt.indexOf('%', i)) {
    const next = fmt.charCodeAt(i + 1);
    if (next === 37) { i += 2; continue; } // '%%'
    i += 1;
    if (next !== 40) continue;
    let depth = 1;
    for (i += 1; i < fmt.length && depth > 0; i++) {
      const c = fmt.charCodeAt(i);
      if (c === 40) depth++;
      else if (c === 41) depth--;
    }
    if (depth > 0) throw pyErr('ValueError', 'incomplete format key');
  }
}

export function percentFormat(fmt: string, arg: PyValue): string {
  checkPercentKeys(fmt);
  const args = arg instanceof PyTuple ? arg.items : [arg];
  let i = 0;
  const next = (): PyValue => {
    if (i >= args.length) throw pyErr('TypeError', 'not enough arguments for format string');
    return args[i++];
  };
  // The key excludes '%': `[^)]*` would rescan the rest of the string from every '%(' (quadratic time).
  const out = fmt.replace(/%(\([^)%]*\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g,
    (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, code: string) => {
      if (code === '%') return '%';
      let v: PyValue;
      if (key !== undefined) {
        if (!(arg instanceof PyDict)) throw pyErr('TypeError', 'format requires a mapping');
        v = arg.get(key.slice(1, -1));
        if (v === undefined) throw pyErr('KeyError', `'${key.slice(1, -1)}'`);
      }
      const w = width === '*' ? Number(next()) : width ? Number(width) : 0;
      const p = prec === '*' ? Number(next()) : prec !== undefined ? Number(prec) : null;
      if (key === undefined) v = next();
      const align = flags.includes('-') ? '<' : '>';
      const sp: Spec = {
        fill: flags.includes('0') && !flags.includes('-') && code !== 's' && code !== 'r' ? '0' : ' ',
        align: flags.includes('0') && !flags.includes('-') && code !== 's' && code !== 'r' ? '=' : align,
        sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-', alt: flags.includes('#'), zero: false,
        width: w, grouping: '', precision: p, type: code,
      };
      if (code === 's' || code === 'r' || code === 'a') {
        let s = code === 's' ? str(v) : repr(v);
        if (p !== null) s = s.slice(0, p);
        return pad(s, { ...sp, type: '' }, false);
      }
      if (code === 'c') return pad(typeof v === 'string' ? v : String.fromCodePoint(Number(v)), sp, false);
      const n = toNumber(v, code);
      if ('diu'.includes(code)) {
        const bi = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
        return formatInt(bi, { ...sp, type: 'd', precision: null });
      }
      if ('oxX'.includes(code)) {
        if (typeof n !== 'bigint') throw pyErr('TypeError', `%${code} format: an integer is required, not float`);
        return formatInt(n, { ...sp, precision: null });
      }
      return formatFloat(Number(n), { ...sp, precision: p ?? 6 });
    });
  if (i < args.length && !(arg instanceof PyDict)) throw pyErr('TypeError', 'not all arguments converted during string formatting');
  return out;
}

// ----- str.format ---------------------------------------------------------------------------------------

export function strFormat(
  fmt: string, args: PyValue[], kwargs: Map<string, PyValue> | null,
  getattr: (o: PyValue, name: string) => PyValue, getitem: (o: PyValue, k: PyValue) => PyValue,
): string {
  let auto = 0;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '{' && fmt[i + 1] === '{') { out += '{'; i++; continue; }
    if (ch === '}' && fmt[i + 1] === '}') { out += '}'; i++; continue; }
    if (ch === '}') throw pyErr('ValueError', "Single '}' encountered in format string");
    if (ch !== '{') { out += ch; continue; }
    let depth = 1;
    let j = i + 1;
    for (; j < fmt.length && depth > 0; j++) { if (fmt[j] === '{') depth++; else if (fmt[j] === '}') depth--; }
    if (depth !== 0) throw pyErr('ValueError', "Single '{' encountered in format string");
    const field = fmt.slice(i + 1, j - 1);
    i = j - 1;
    const m = /^([^!:.[]*)((?:\.[A-Za-z_]\w*|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) throw pyErr('ValueError', `bad format field '${field}'`);
    let v: PyValue;
    if (m[1] === '') v = args[auto++];
    else if (/^\d+$/.test(m[1])) v = args[Number(m[1])];
    else {
      v = kwargs?.get(m[1]);
      if (v === undefined) throw pyErr('KeyError', `'${m[1]}'`);
    }
    if (v === undefined) throw pyErr('IndexError', 'Replacement index out of range for positional args tuple');
    for (const part of m[2].match(/\.[A-Za-z_]\w*|\[[^\]]*\]/g) ?? []) {
      if (part.startsWith('.')) v = getattr(v, part.slice(1));
      else { const k = part.slice(1, -1); v = getitem(v, /^\d+$/.test(k) ? BigInt(k) : k); }
    }
    if (m[3] === 'r' || m[3] === 'a') v = repr(v);
    else if (m[3] === 's') v = str(v);
    const spec = (m[4] ?? '').replace(/\{([^}]*)\}/g, (_x, inner: string) =>
      str(inner === '' ? args[auto++] : /^\d+$/.test(inner) ? args[Number(inner)] : kwargs?.get(inner) ?? null));
    out += formatValue(v, spec);
  }
  return out;
}
