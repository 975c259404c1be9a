// re on JavaScript's RegExp. Python syntax is translated token by token (named groups, \A \Z, inline flags,
// verbose mode); the translation only renames or drops tokens, so it adds no backtracking of its own.
import { RE_ERROR, raise } from './errors';
import { HOST, HostFunction, HostModule, PyDict, PyList, PyTuple, type HostObject, type PyValue } from '../host';
import { pyErr } from '../objects';
import { call, typeName } from '../runtime';
import { strRepr } from '../format';
import { toInt } from '../builtins';
import { arg, makeModule, type Impl } from './native';

const I = 2, M = 8, S = 16, X = 64, A = 256;

interface Compiled { source: string; flags: number; js: string; jsFlags: string; names: string[]; groups: number }

function translate(pattern: string, flags: number): Compiled {
  let p = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    for (const c of inline[1]) flags |= c === 'i' ? I : c === 'm' ? M : c === 's' ? S : c === 'x' ? X : c === 'a' ? A : 0;
    p = p.slice(inline[0].length);
  }
  let out = '';
  const names: string[] = [];
  let groups = 0, inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === 'A') out += '^';
      else if (n === 'Z') out += '$(?![\\s\\S])';
      else out += c + (n ?? '');
      i++;
      continue;
    }
    if (inClass) { if (c === ']') inClass = false; out += c; continue; }
    if (c === '[') { inClass = true; out += c; if (p[i + 1] === ']') { out += '\\]'; i++; } continue; }
    if ((flags & X) && /\s/.test(c)) continue;
    if ((flags & X) && c === '#') { while (i < p.length && p[i] !== '\n') i++; continue; }
    if (c === '(') {
      if (p.startsWith('(?P<', i)) {
        const end = p.indexOf('>', i);
        names[groups + 1] = p.slice(i + 4, end);
        groups++;
        out += `(?<${p.slice(i + 4, end)}>`;
        i = end;
        continue;
      }
      if (p.startsWith('(?P=', i)) { const end = p.indexOf(')', i); out += `\\k<${p.slice(i + 4, end)}>`; i = end; continue; }
      if (p.startsWith('(?#', i)) { i = p.indexOf(')', i); continue; }
      if (p[i + 1] !== '?') groups++;
      else if (p.startsWith('(?<', i) && p[i + 3] !== '=' && p[i + 3] !== '!') { groups++; const end = p.indexOf('>', i); names[groups] = p.slice(i + 3, end); }
      out += c;
      continue;
    }
    out += c;
  }
  let jsFlags = 'g';
  if (flags & I) jsFlags += 'i';
  if (flags & M) jsFlags += 'm';
  if (flags & S) jsFlags += 's';
  try { new RegExp(out, jsFlags); } catch (e) { throw raise(RE_ERROR, (e as Error).message.replace(/^Invalid regular expression: /, '')); }
  return { source: pattern, flags, js: out, jsFlags, names, groups };
}

class Match implements HostObject {
  readonly [HOST] = true as const;
  constructor(private readonly pat: Pattern, private readonly m: RegExpExecArray, private readonly s: string) {}
  pyTypeName(): string { return 're.Match'; }
  private index(g: PyValue): number {
    if (typeof g === 'string') {
      const i = this.pat.c.names.indexOf(g);
      if (i < 0) throw pyErr('IndexError', 'no such group');
      return i;
    }
    const i = Number(toInt(g));
    if (i < 0 || i > this.pat.c.groups) throw pyErr('IndexError', 'no such group');
    return i;
  }
  group(g: PyValue): PyValue { return this.m[this.index(g)] ?? null; }
  private span(i: number): [number, number] {
    if (i === 0) return [this.m.index, this.m.index + this.m[0].length];
    const v = this.m[i];
    if (v === undefined) return [-1, -1];
    // JS reports no group offsets without the 'd' flag: find the group text within the match (exact for simple cases).
    const inner = this.m.indices?.[i];
    if (inner) return [inner[0], inner[1]];
    const at = this.s.indexOf(v, this.m.index);
    return [at, at + v.length];
  }
  getItem(k: PyValue): PyValue { return this.group(k); }
  bool(): boolean { return true; }
  repr(): string { const [a, b] = this.span(0); return `<re.Match object; span=(${a}, ${b}), match=${strRepr(this.m[0])}>`; }
  getAttr(name: string): PyValue | undefined {
    const fn = (f: Impl): HostFunction => new HostFunction(name, f);
    switch (name) {
      case 'group': return fn((a) => (a.length <= 1 ? this.group(a[0] ?? 0n) : new PyTuple(a.map((g) => this.group(g)))));
      case 'groups': return fn((a, k) => { const d = arg(a, k, 0, 'default', null); return new PyTuple(Array.from({ length: this.pat.c.groups }, (_x, i) => this.m[i + 1] ?? d)); });
      case 'groupdict': return fn((a, k) => {
        const d = new PyDict(), def = arg(a, k, 0, 'default', null);
        this.pat.c.names.forEach((n, i) => { if (n) d.set(n, this.m[i] ?? def); });
        return d;
      });
      case 'start': return fn((a) => BigInt(this.span(this.index(a[0] ?? 0n))[0]));
      case 'end': return fn((a) => BigInt(this.span(this.index(a[0] ?? 0n))[1]));
      case 'span': return fn((a) => new PyTuple(this.span(this.index(a[0] ?? 0n)).map(BigInt)));
      case 'string': return this.s;
      case 're': return this.pat;
      case 'lastindex': { let li: PyValue = null; for (let i = 1; i <= this.pat.c.groups; i++) if (this.m[i] !== undefined) li = BigInt(i); return li; }
    }
    return undefined;
  }
}

/** Python's replacement template: \1, \g<1>, \g<name>, \n and friends. */
function expandTemplate(t: string, m: Match): string {
  return t.replace(/\\(g<([^>]+)>|\d{1,2}|[ntr\\]|.)/g, (_x, e: string, g?: string) => {
    if (g !== undefined) return String(m.group(/^\d+$/.test(g) ? BigInt(g) : g) ?? '');
    if (/^\d/.test(e)) return String(m.group(BigInt(e)) ?? '');
    const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };
    if (e in esc) return esc[e];
    throw raise(RE_ERROR, `bad escape \\${e}`);
  });
}

class Pattern implements HostObject {
  readonly [HOST] = true as const;
  readonly re: RegExp;
  constructor(readonly c: Compiled) { this.re = new RegExp(c.js, c.jsFlags + 'd'); }
  pyTypeName(): string { return 're.Pattern'; }
  repr(): string { return `re.compile(${strRepr(this.c.source)})`; }
  private exec(s: string, pos: number, sticky: boolean): RegExpExecArray | null {
    const re = sticky ? new RegExp(this.c.js, this.c.jsFlags.replace('g', '') + 'yd') : this.re;
    re.lastIndex = pos;
    return re.exec(s);
  }
  *all(s: string): Generator<Match> {
    let pos = 0;
    while (pos <= s.length) {
      const m = this.exec(s, pos, false);
      if (!m) return;
      yield new Match(this, m, s);
      pos = m.index + m[0].length + (m[0].length === 0 ? 1 : 0);
    }
  }
  match(s: string, pos = 0): PyValue { const m = this.exec(s, pos, true); return m ? new Match(this, m, s) : null; }
  search(s: string, pos = 0): PyValue { const m = this.exec(s, pos, false); return m ? new Match(this, m, s) : null; }
  fullmatch(s: string): PyValue {
    const re = new RegExp(`(?:${this.c.js})$(?![\\s\\S])`, this.c.jsFlags.replace(/[gm]/g, '') + 'yd');
    const m = re.exec(s);
    return m ? new Match(this, m, s) : null;
  }
  findall(s: string): PyList {
    return new PyList([...this.all(s)].map((m) => {
      const g = m.getAttr('groups') as HostFunction;
      const groups = (g.call([''], new Map()) as PyTuple).items;
      return this.c.groups === 0 ? m.group(0n) : this.c.groups === 1 ? groups[0] : new PyTuple(groups);
    }));
  }
  sub(repl: PyValue, s: string, count = 0): [string, number] {
    let out = '', last = 0, n = 0;
    for (const m of this.all(s)) {
      if (count > 0 && n >= count) break;
      const [a, b] = [Number((m.getAttr('start') as HostFunction).call([], new Map())), Number((m.getAttr('end') as HostFunction).call([], new Map()))];
      out += s.slice(last, a) + (typeof repl === 'string' ? expandTemplate(repl, m) : String(call(repl, [m])));
      last = b;
      n++;
    }
    return [out + s.slice(last), n];
  }
  split(s: string, maxsplit = 0): PyList {
    const out: PyValue[] = [];
    let last = 0, n = 0;
    for (const m of this.all(s)) {
      if (maxsplit > 0 && n >= maxsplit) break;
      const a = Number((m.getAttr('start') as HostFunction).call([], new Map())), b = Number((m.getAttr('end') as HostFunction).call([], new Map()));
      out.push(s.slice(last, a));
      for (let i = 1; i <= this.c.groups; i++) out.push(m.group(BigInt(i)));
      last = b;
      n++;
    }
    out.push(s.slice(last));
    return new PyList(out);
  }
  getAttr(name: string): PyValue | undefined {
    const table = patternMethods(this);
    if (name in table) return new HostFunction(name, table[name]);
    if (name === 'pattern') return this.c.source;
    if (name === 'flags') return BigInt(this.c.flags | 32);
    if (name === 'groups') return BigInt(this.c.groups);
    if (name === 'groupindex') { const d = new PyDict(); this.c.names.forEach((n, i) => { if (n) d.set(n, BigInt(i)); }); return d; }
    return undefined;
  }
}

function text(v: PyValue, what = 'string'): string {
  if (typeof v !== 'string') throw pyErr('TypeError', `expected ${what} or bytes-like object, got '${typeName(v)}'`);
  return v;
}

function patternMethods(p: Pattern): Record<string, Impl> {
  const pos = (a: PyValue[], k: Map<string, PyValue>): number => Number(toInt(arg(a, k, 1, 'pos', 0n)));
  return {
    match: (a, k) => p.match(text(arg(a, k, 0, 'string')), pos(a, k)),
    search: (a, k) => p.search(text(arg(a, k, 0, 'string')), pos(a, k)),
    fullmatch: (a, k) => p.fullmatch(text(arg(a, k, 0, 'string'))),
    findall: (a, k) => p.findall(text(arg(a, k, 0, 'string'))),
    finditer: (a, k) => new PyList([...p.all(text(arg(a, k, 0, 'string')))]),
    sub: (a, k) => p.sub(arg(a, k, 0, 'repl'), text(arg(a, k, 1, 'string')), Number(toInt(arg(a, k, 2, 'count', 0n))))[0],
    subn: (a, k) => { const [s, n] = p.sub(arg(a, k, 0, 'repl'), text(arg(a, k, 1, 'string')), Number(toInt(arg(a, k, 2, 'count', 0n)))); return new PyTuple([s, BigInt(n)]); },
    split: (a, k) => p.split(text(arg(a, k, 0, 'string')), Number(toInt(arg(a, k, 1, 'maxsplit', 0n)))),
  };
}

export function makeRe(): HostModule {
  const cache = new Map<string, Pattern>();
  const compile = (pat: PyValue, flags: PyValue): Pattern => {
    if (pat instanceof Pattern) return pat;
    const f = Number(toInt(flags ?? 0n));
    const key = `${f}\0${text(pat, 'string')}`;
    let p = cache.get(key);
    if (!p) { p = new Pattern(translate(pat as string, f)); cache.set(key, p); }
    return p;
  };
  // Module-level functions: re.f(pattern, ...rest, flags=0) → compile(pattern, flags).f(...rest).
  const via = (name: string, nArgs: number): Impl => (a, k) => {
    const p = compile(a[0] ?? k.get('pattern'), a[nArgs + 1] ?? k.get('flags') ?? 0n);
    const rest = new Map([...k].filter(([n]) => n !== 'pattern' && n !== 'flags'));
    return patternMethods(p)[name](a.slice(1, nArgs + 1), rest);
  };
  return makeModule('re', {
    compile: (a, k) => compile(arg(a, k, 0, 'pattern'), arg(a, k, 1, 'flags', 0n)),
    match: via('match', 1), search: via('search', 1), fullmatch: via('fullmatch', 1), findall: via('findall', 1), finditer: via('finditer', 1),
    sub: via('sub', 3), subn: via('subn', 3), split: via('split', 2),
    escape: (a) => text(a[0]).replace(/[^A-Za-z0-9_]/g, (c) => (c === '\n' ? '\\\n' : '\\' + c)),
    purge: () => { cache.clear(); return null; },
  }, { error: RE_ERROR, IGNORECASE: BigInt(I), I: BigInt(I), MULTILINE: BigInt(M), M: BigInt(M), DOTALL: BigInt(S), S: BigInt(S), VERBOSE: BigInt(X), X: BigInt(X), ASCII: BigInt(A), A: BigInt(A), UNICODE: 32n, U: 32n });
}
