// json: dumps/loads/dump/load with CPython's output format (separators, indent, sort_keys, ensure_ascii,
// NaN/Infinity) and its error wording.
import { JSON_DECODE_ERROR, raise } from './errors';
import { HostModule, PyDict, PyList, PyTuple, isHost, type PyValue } from '../host';
import { pyErr } from '../objects';
import { call, getAttr, typeName } from '../runtime';
import { floatRepr } from '../format';
import { truthy } from '../ops';
import { arg, makeModule } from './native';

interface DumpOpts { indent: string | null; sortKeys: boolean; itemSep: string; keySep: string; ascii: boolean; default: PyValue }

function quote(s: string, ascii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) {
      for (let i = 0; i < ch.length; i++) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return floatRepr(x);
}

function encode(v: PyValue, o: DumpOpts, level: number, stack: PyValue[]): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return quote(v, o.ascii);
  const nl = o.indent === null ? '' : '\n' + o.indent.repeat(level + 1);
  const close = o.indent === null ? '' : '\n' + o.indent.repeat(level);
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict) {
    if (stack.includes(v)) throw pyErr('ValueError', 'Circular reference detected');
    stack.push(v);
    try {
      if (v instanceof PyDict) {
        if (v.size === 0) return '{}';
        let entries = [...v.entries()].map(([k, x]) => [key(k), x] as [string, PyValue]);
        if (o.sortKeys) entries = entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return '{' + nl + entries.map(([k, x]) => quote(k, o.ascii) + o.keySep + encode(x, o, level + 1, stack)).join(o.itemSep + nl) + close + '}';
      }
      if (v.items.length === 0) return '[]';
      return '[' + nl + v.items.map((x) => encode(x, o, level + 1, stack)).join(o.itemSep + nl) + close + ']';
    } finally { stack.pop(); }
  }
  if (o.default !== null) return encode(call(o.default, [v]), o, level, stack);
  throw pyErr('TypeError', `Object of type ${typeName(v)} is not JSON serializable`);
}

function key(k: PyValue): string {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'number') return num(k);
  throw pyErr('TypeError', `keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

function dumpOpts(a: PyValue[], k: Map<string, PyValue>, first: number): DumpOpts {
  const ind = k.get('indent') ?? null;
  const indent = ind === null ? null : typeof ind === 'string' ? ind : ' '.repeat(Number(ind));
  const seps = k.get('separators') ?? null;
  let itemSep = indent === null ? ', ' : ',', keySep = ': ';
  if (seps instanceof PyTuple || seps instanceof PyList) { itemSep = String(seps.items[0]); keySep = String(seps.items[1]); }
  void a; void first;
  return { indent, sortKeys: truthy(k.get('sort_keys') ?? false), itemSep, keySep, ascii: truthy(k.get('ensure_ascii') ?? true), default: k.get('default') ?? null };
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}
  private fail(msg: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split('\n').length, col = this.i - before.lastIndexOf('\n');
    throw raise(JSON_DECODE_ERROR, `${msg}: line ${line} column ${col} (char ${this.i})`);
  }
  private ws(): void { while (/[ \t\n\r]/.test(this.s[this.i] ?? '')) this.i++; }
  parseAll(): PyValue {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('Extra data');
    return v;
  }
  private value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      const d = new PyDict();
      this.ws();
      if (this.s[this.i] === '}') { this.i++; return d; }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') this.fail('Expecting property name enclosed in double quotes');
        const k = this.string();
        this.ws();
        if (this.s[this.i] !== ':') this.fail("Expecting ':' delimiter");
        this.i++;
        d.set(k, this.value());
        this.ws();
        if (this.s[this.i] === ',') { this.i++; continue; }
        if (this.s[this.i] === '}') { this.i++; return d; }
        this.fail("Expecting ',' delimiter");
      }
    }
    if (c === '[') {
      this.i++;
      const l: PyValue[] = [];
      this.ws();
      if (this.s[this.i] === ']') { this.i++; return new PyList(l); }
      for (;;) {
        l.push(this.value());
        this.ws();
        if (this.s[this.i] === ',') { this.i++; continue; }
        if (this.s[this.i] === ']') { this.i++; return new PyList(l); }
        this.fail("Expecting ',' delimiter");
      }
    }
    if (c === '"') return this.string();
    for (const [word, v] of [['null', null], ['true', true], ['false', false], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
      if (this.s.startsWith(word, this.i)) { this.i += word.length; return v; }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail('Expecting value');
    this.i += m[0].length;
    return m[1] || m[2] ? Number(m[0]) : BigInt(m[0]);
  }
  private string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) { this.i = start; this.fail('Unterminated string starting at'); }
      if (c === '"') { this.i++; return out; }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };
        if (e === 'u') { out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16)); this.i += 6; continue; }
        if (!(e in map)) this.fail('Invalid \\escape');
        out += map[e];
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
  }
}

export function makeJson(): HostModule {
  const dumps = (a: PyValue[], k: Map<string, PyValue>): string => encode(arg(a, k, 0, 'obj'), dumpOpts(a, k, 1), 0, []);
  const loads = (a: PyValue[], k: Map<string, PyValue>): PyValue => {
    const s = arg(a, k, 0, 's');
    if (typeof s !== 'string') {
      if (isHost(s) && s.pyTypeName() === 'bytes') return new Parser(String(call(getAttr(s, 'decode'), []))).parseAll();
      throw pyErr('TypeError', `the JSON object must be str, bytes or bytearray, not ${typeName(s)}`);
    }
    return new Parser(s).parseAll();
  };
  return makeModule('json', {
    dumps, loads,
    dump: (a, k) => { call(getAttr(arg(a, k, 1, 'fp'), 'write'), [encode(arg(a, k, 0, 'obj'), dumpOpts(a, k, 2), 0, [])]); return null; },
    load: (a, k) => loads([call(getAttr(arg(a, k, 0, 'fp'), 'read'), [])], new Map()),
  }, { JSONDecodeError: JSON_DECODE_ERROR });
}
