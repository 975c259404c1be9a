// open(), io.StringIO / io.BytesIO and a small `bytes` value, over the run's in-memory file system (vfs.ts).
// One stream class serves all three: text streams hold a string, binary ones bytes; files write through to the
// file system on every write, so a file written and read back in the same run needs no close() in between.
import { UNSUPPORTED_OPERATION, raise } from './errors';
import { HOST, HostModule, NotImplemented, PyList, PySlice, type HostObject, type PyValue } from '../host';
import { pyErr } from '../objects';
import { iterate, typeName } from '../runtime';
import { sliceIndices } from '../containers';
import { toInt } from '../builtins';
import { NativeClass, NativeObject, arg, strArg, type Impl } from './native';
import { osError, type VirtualFS } from './vfs';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Python bytes: immutable, len/index/slice/iterate, decode(), b'..' repr. */
export class PyBytes implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly data: Uint8Array) {}
  pyTypeName(): string { return 'bytes'; }
  len(): number { return this.data.length; }
  iter(): Iterable<PyValue> { return [...this.data].map((b) => BigInt(b)); }
  bool(): boolean { return this.data.length > 0; }
  getItem(key: PyValue): PyValue {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, this.data.length);
      const out: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) out.push(this.data[i]);
      else for (let i = start; i > stop; i += step) out.push(this.data[i]);
      return new PyBytes(Uint8Array.from(out));
    }
    let i = Number(toInt(key));
    if (i < 0) i += this.data.length;
    if (i < 0 || i >= this.data.length) throw pyErr('IndexError', 'index out of range');
    return BigInt(this.data[i]);
  }
  compare(op: string, other: PyValue): PyValue {
    if (!(other instanceof PyBytes)) return op === '==' ? false : op === '!=' ? true : NotImplemented;
    const same = this.data.length === other.data.length && this.data.every((x, i) => x === other.data[i]);
    if (op === '==') return same;
    if (op === '!=') return !same;
    return NotImplemented;
  }
  binary(op: string, other: PyValue, reflected: boolean): PyValue {
    if (op !== '+' || !(other instanceof PyBytes)) return NotImplemented;
    const [x, y] = reflected ? [other.data, this.data] : [this.data, other.data];
    const out = new Uint8Array(x.length + y.length);
    out.set(x); out.set(y, x.length);
    return new PyBytes(out);
  }
  getAttr(name: string): PyValue | undefined {
    if (name === 'decode') return new NativeFn('decode', () => dec.decode(this.data));
    if (name === 'hex') return new NativeFn('hex', () => [...this.data].map((b) => b.toString(16).padStart(2, '0')).join(''));
    return undefined;
  }
  repr(): string {
    const s = [...this.data].map((b) => {
      if (b === 0x5c) return '\\\\';
      if (b === 0x27) return "\\'";
      if (b === 0x0a) return '\\n';
      if (b === 0x0d) return '\\r';
      if (b === 0x09) return '\\t';
      if (b < 0x20 || b >= 0x7f) return `\\x${b.toString(16).padStart(2, '0')}`;
      return String.fromCharCode(b);
    }).join('');
    return `b'${s}'`;
  }
}

class NativeFn implements HostObject {
  readonly [HOST] = true as const;
  constructor(readonly name: string, private readonly f: Impl) {}
  pyTypeName(): string { return 'builtin_function_or_method'; }
  call(a: PyValue[], k: Map<string, PyValue>): PyValue { return this.f(a, k); }
}

/** bytes(...) from an int count, an iterable of ints, or a str with an encoding. */
export function makeBytes(a: PyValue[]): PyBytes {
  const x = a[0];
  if (x === undefined) return new PyBytes(new Uint8Array());
  if (x instanceof PyBytes) return x;
  if (typeof x === 'string') {
    if (a[1] === undefined) throw pyErr('TypeError', 'string argument without an encoding');
    return new PyBytes(enc.encode(x));
  }
  if (typeof x === 'bigint') return new PyBytes(new Uint8Array(Number(x)));
  return new PyBytes(Uint8Array.from([...iterate(x)].map((v) => {
    const n = Number(toInt(v));
    if (n < 0 || n > 255) throw pyErr('ValueError', 'bytes must be in range(0, 256)');
    return n;
  })));
}

type Mode = { read: boolean; write: boolean; append: boolean; binary: boolean; text: string };

function parseMode(mode: string): Mode {
  const m = /^([rwax])(\+?)(b?)(t?)(\+?)$/.exec(mode.replace(/^([rwax])([bt])\+$/, '$1+$2'));
  if (!m || (m[3] && m[4])) throw pyErr('ValueError', `invalid mode: '${mode}'`);
  const plus = !!(m[2] || m[5]);
  return { read: m[1] === 'r' || plus, write: m[1] !== 'r' || plus, append: m[1] === 'a', binary: !!m[3], text: mode };
}

/** A text or binary stream: an open file (path set) or an io.StringIO/BytesIO (path null). */
export class Stream extends NativeObject {
  private text = '';
  private bytes: Uint8Array = new Uint8Array();
  private pos = 0;
  closed = false;
  constructor(private readonly fs: VirtualFS | null, private readonly path: string | null, private readonly mode: Mode,
    private readonly kind: string, initial?: PyValue) {
    super();
    if (initial instanceof PyBytes) this.bytes = initial.data.slice();
    else if (typeof initial === 'string') this.text = initial;
  }
  pyTypeName(): string { return this.kind; }
  /** Opens `path` in `mode` on `fs` (the CPython checks, in CPython's order). */
  static open(fs: VirtualFS, path: string, modeText: string): Stream {
    const mode = parseMode(modeText);
    const kind = mode.binary ? (mode.read && !mode.write ? 'BufferedReader' : 'BufferedWriter') : 'TextIOWrapper';
    const s = new Stream(fs, path, mode, kind);
    const k = fs.kind(path);
    if (modeText.startsWith('x') && k !== undefined) throw osError('FileExistsError', path);
    if (modeText.startsWith('r') || mode.append) {
      if (k === 'dir') throw osError('IsADirectoryError', path);
      if (k === undefined && !mode.append) throw osError('FileNotFoundError', path);
      const data = k === undefined ? new Uint8Array() : fs.read(path);
      if (mode.binary) s.bytes = data; else s.text = dec.decode(data);
      if (mode.append) s.pos = mode.binary ? s.bytes.length : s.text.length;
    }
    if (mode.write) s.flushToFs();
    return s;
  }
  get isBinary(): boolean { return this.mode.binary; }
  /** All the content (for torch.load). */
  content(): Uint8Array { return this.mode.binary ? this.bytes : enc.encode(this.text); }

  private check(op: 'read' | 'write'): void {
    if (this.closed) throw pyErr('ValueError', 'I/O operation on closed file.');
    if (op === 'read' && !this.mode.read) throw raise(UNSUPPORTED_OPERATION, 'not readable');
    if (op === 'write' && !this.mode.write) throw raise(UNSUPPORTED_OPERATION, 'not writable');
  }
  private flushToFs(): void {
    if (this.fs && this.path !== null) this.fs.write(this.path, this.mode.binary ? this.bytes : enc.encode(this.text));
  }
  private size(): number { return this.mode.binary ? this.bytes.length : this.text.length; }
  private slice(a: number, b: number): PyValue {
    return this.mode.binary ? new PyBytes(this.bytes.slice(a, b)) : this.text.slice(a, b);
  }
  private readline(limit = -1): PyValue {
    this.check('read');
    let end: number;
    if (this.mode.binary) { const i = this.bytes.indexOf(10, this.pos); end = i < 0 ? this.bytes.length : i + 1; }
    else { const i = this.text.indexOf('\n', this.pos); end = i < 0 ? this.text.length : i + 1; }
    if (limit >= 0) end = Math.min(end, this.pos + limit);
    const out = this.slice(this.pos, end);
    this.pos = end;
    return out;
  }
  /** Writes `data` at the position (appending or overwriting), as a real file does. */
  writeData(data: PyValue): number {
    this.check('write');
    if (this.mode.binary) {
      if (!(data instanceof PyBytes)) throw pyErr('TypeError', `a bytes-like object is required, not '${typeName(data)}'`);
      if (this.mode.append) this.pos = this.bytes.length;
      const out = new Uint8Array(Math.max(this.bytes.length, this.pos + data.data.length));
      out.set(this.bytes); out.set(data.data, this.pos);
      this.bytes = out;
      this.pos += data.data.length;
      this.flushToFs();
      return data.data.length;
    }
    if (typeof data !== 'string') throw pyErr('TypeError', `write() argument must be str, not ${typeName(data)}`);
    if (this.mode.append) this.pos = this.text.length;
    this.text = this.text.slice(0, this.pos) + data + this.text.slice(this.pos + data.length);
    this.pos += data.length;
    this.flushToFs();
    return data.length;
  }
  iter(): Iterable<PyValue> {
    // A generator reading lazily, so writing and iterating interleave like Python.
    const self = this;
    return (function* () {
      for (;;) {
        const l = self.readline();
        if (l instanceof PyBytes ? l.data.length === 0 : l === '') return;
        yield l;
      }
    })();
  }
  enter(): PyValue { if (this.closed) throw pyErr('ValueError', 'I/O operation on closed file.'); return this; }
  exit(): boolean { this.closed = true; return false; }
  repr(): string {
    if (this.path === null) return `<_io.${this.kind} object>`;
    return `<_io.${this.kind} name='${this.path}' mode='${this.mode.text}'${this.mode.binary ? '' : " encoding='UTF-8'"}>`;
  }
  protected override attr(name: string): PyValue | undefined {
    if (name === 'closed') return this.closed;
    if (name === 'name' && this.path !== null) return this.path;
    if (name === 'mode' && this.path !== null) return this.mode.text;
    return undefined;
  }
  protected methods(): Record<string, Impl> {
    return {
      read: (a, k) => {
        this.check('read');
        const n = arg(a, k, 0, 'size', null);
        const size = n === null ? -1 : Number(toInt(n));
        const end = size < 0 ? this.size() : Math.min(this.size(), this.pos + size);
        const out = this.slice(this.pos, end);
        this.pos = end;
        return out;
      },
      readline: (a, k) => { const n = arg(a, k, 0, 'size', null); return this.readline(n === null ? -1 : Number(toInt(n))); },
      readlines: () => new PyList([...this.iter()]),
      write: (a) => BigInt(this.writeData(a[0])),
      writelines: (a) => { for (const l of iterate(a[0])) this.writeData(l); return null; },
      close: () => { this.closed = true; return null; },
      flush: () => { if (this.closed) throw pyErr('ValueError', 'I/O operation on closed file.'); return null; },
      seek: (a) => { this.pos = Math.max(0, Number(toInt(a[0]))); return BigInt(this.pos); },
      tell: () => BigInt(this.pos),
      truncate: (a) => {
        const n = a[0] === undefined || a[0] === null ? this.pos : Number(toInt(a[0]));
        if (this.mode.binary) this.bytes = this.bytes.slice(0, n); else this.text = this.text.slice(0, n);
        this.flushToFs();
        return BigInt(n);
      },
      readable: () => this.mode.read, writable: () => this.mode.write, seekable: () => true,
      getvalue: () => {
        if (this.path !== null) throw pyErr('AttributeError', `'_io.${this.kind}' object has no attribute 'getvalue'`);
        if (this.closed) throw pyErr('ValueError', 'I/O operation on closed file.');
        return this.mode.binary ? new PyBytes(this.bytes.slice()) : this.text;
      },
      __enter__: () => this, __exit__: () => { this.closed = true; return false; },
    };
  }
}

/** The builtin open(file, mode='r', ...). */
export function makeOpen(fs: VirtualFS): Impl {
  return (a, k) => {
    const file = arg(a, k, 0, 'file');
    const path = strArg(file, 'open', 'argument \'file\'');
    const mode = arg(a, k, 1, 'mode', 'r');
    if (typeof mode !== 'string') throw pyErr('TypeError', `open() argument 'mode' must be str, not ${typeName(mode)}`);
    return Stream.open(fs, path, mode);
  };
}

export function makeIo(fs: VirtualFS): HostModule {
  const textMode = parseMode('w+'), binMode = parseMode('w+b');
  const stringIO = new NativeClass('StringIO', (a, k) => {
    const init = arg(a, k, 0, 'initial_value', '');
    if (typeof init !== 'string' && init !== null) throw pyErr('TypeError', `initial_value must be str or None, not ${typeName(init)}`);
    return new Stream(null, null, textMode, 'StringIO', init ?? '');
  }, (v) => v instanceof Stream && v.pyTypeName() === 'StringIO', {}, '_io');
  const bytesIO = new NativeClass('BytesIO', (a, k) => new Stream(null, null, binMode, 'BytesIO', arg(a, k, 0, 'initial_bytes', null)),
    (v) => v instanceof Stream && v.pyTypeName() === 'BytesIO', {}, '_io');
  const attrs = new Map<string, PyValue>([
    ['StringIO', stringIO], ['BytesIO', bytesIO], ['UnsupportedOperation', UNSUPPORTED_OPERATION],
    ['open', new NativeFn('open', makeOpen(fs))],
    ['TextIOWrapper', new NativeClass('TextIOWrapper', () => { throw pyErr('TypeError', 'TextIOWrapper() needs a buffer'); }, (v) => v instanceof Stream && !v.isBinary, {}, '_io')],
  ]);
  return new HostModule('io', attrs);
}
