// os, os.path and pathlib over the run's in-memory file system (vfs.ts), with POSIX path rules as CPython on
// Linux. os.environ is an empty read-only-in-spirit mapping: a snippet sees no host environment.
import { HOST, HostFunction, HostModule, NotImplemented, PyDict, PyList, PyTuple, type HostObject, type PyValue } from '../host';
import { pyErr } from '../objects';
import { typeName } from '../runtime';
import { truthy } from '../ops';
import { NativeClass, arg, makeModule, strArg, type Impl } from './native';
import { PyBytes, Stream } from './files';
import { osError, type VirtualFS } from './vfs';

export function normpath(p: string): string {
  if (p === '') return '.';
  const initial = p.startsWith('//') && !p.startsWith('///') ? 2 : p.startsWith('/') ? 1 : 0;
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c !== '..' || (!initial && !out.length) || (out.length && out[out.length - 1] === '..')) out.push(c);
    else if (out.length) out.pop();
  }
  const s = '/'.repeat(initial) + out.join('/');
  return s || '.';
}
export function join(parts: string[]): string {
  let p = parts[0];
  for (const b of parts.slice(1)) {
    if (b.startsWith('/')) p = b;
    else if (p === '' || p.endsWith('/')) p += b;
    else p += '/' + b;
  }
  return p;
}
export function split(p: string): [string, string] {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  const tail = p.slice(i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, tail];
}
export function splitext(p: string): [string, string] {
  const base = p.slice(p.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1)) && base.slice(0, dot).replace(/\./g, '') === '') return [p, ''];
  const cut = p.length - base.length + dot;
  return [p.slice(0, cut), p.slice(cut)];
}

function pathArgs(a: PyValue[], fname: string): string[] { return a.map((x) => strArg(x, fname)); }

export function makeOsPath(fs: VirtualFS): HostModule {
  const s = (a: PyValue[], f: string): string => strArg(a[0], f);
  const abspath = (p: string): string => normpath(p.startsWith('/') ? p : join([fs.cwd, p]));
  return makeModule('posixpath', {
    join: (a) => join(pathArgs(a, 'join')),
    exists: (a) => fs.kind(s(a, 'exists')) !== undefined,
    isfile: (a) => fs.kind(s(a, 'isfile')) === 'file',
    isdir: (a) => fs.kind(s(a, 'isdir')) === 'dir',
    islink: () => false,
    isabs: (a) => s(a, 'isabs').startsWith('/'),
    basename: (a) => split(s(a, 'basename'))[1],
    dirname: (a) => split(s(a, 'dirname'))[0],
    split: (a) => new PyTuple(split(s(a, 'split'))),
    splitext: (a) => new PyTuple(splitext(s(a, 'splitext'))),
    abspath: (a) => abspath(s(a, 'abspath')),
    realpath: (a) => abspath(s(a, 'realpath')),
    normpath: (a) => normpath(s(a, 'normpath')),
    expanduser: (a) => s(a, 'expanduser'),
    relpath: (a) => {
      const p = abspath(s(a, 'relpath')).split('/').filter(Boolean), start = abspath(a[1] === undefined ? fs.cwd : strArg(a[1], 'relpath')).split('/').filter(Boolean);
      let i = 0;
      while (i < p.length && i < start.length && p[i] === start[i]) i++;
      return [...start.slice(i).map(() => '..'), ...p.slice(i)].join('/') || '.';
    },
    getsize: (a) => BigInt(fs.read(s(a, 'getsize')).length),
  }, { sep: '/' });
}

/** os.environ: empty unless the snippet sets keys; os.environ['X'] raises KeyError like a missing variable. */
export function makeOs(fs: VirtualFS, path: HostModule): HostModule {
  const environ = new PyDict();
  const m = makeModule('os', {
    getcwd: () => fs.cwd,
    chdir: (a) => {
      const p = strArg(a[0], 'chdir');
      const k = fs.kind(p);
      if (k === undefined) throw osError('FileNotFoundError', p);
      fs.cwd = fs.abs(p);
      return null;
    },
    listdir: (a) => new PyList(fs.list(a[0] === undefined ? '.' : strArg(a[0], 'listdir'))),
    mkdir: (a) => { fs.mkdir(strArg(a[0], 'mkdir')); return null; },
    makedirs: (a, k) => { fs.mkdir(strArg(a[0], 'makedirs'), true, truthy(arg(a, k, 2, 'exist_ok', false))); return null; },
    remove: (a) => { fs.remove(strArg(a[0], 'remove')); return null; },
    unlink: (a) => { fs.remove(strArg(a[0], 'unlink')); return null; },
    rmdir: (a) => { fs.rmdir(strArg(a[0], 'rmdir')); return null; },
    rename: (a) => { fs.rename(strArg(a[0], 'rename'), strArg(a[1], 'rename')); return null; },
    replace: (a) => { fs.rename(strArg(a[0], 'replace'), strArg(a[1], 'replace')); return null; },
    getenv: (a, k) => environ.get(strArg(a[0], 'getenv')) ?? arg(a, k, 1, 'default', null),
    cpu_count: () => 1n,
    getpid: () => 4242n,
    fspath: (a) => strArg(a[0], 'fspath'),
  }, { sep: '/', linesep: '\n', name: 'posix', curdir: '.', pardir: '..', extsep: '.', pathsep: ':', environ, path });
  return m;
}

/** pathlib.Path / PosixPath: an immutable path value; I/O goes through the run's file system. */
export class PyPath implements HostObject {
  readonly [HOST] = true as const;
  readonly isPath = true;
  constructor(private readonly fs: VirtualFS, readonly path: string) {}
  pyTypeName(): string { return 'PosixPath'; }
  private make(p: string): PyPath { return new PyPath(this.fs, p); }
  private get parts(): string[] { return this.path === '.' ? [] : this.path.split('/').filter((x, i) => x !== '' || i === 0).map((x) => x || '/'); }
  str(): string { return this.path; }
  repr(): string { return `PosixPath('${this.path}')`; }
  format(): string { return this.path; }
  binary(op: string, other: PyValue, reflected: boolean): PyValue {
    if (op !== '/' || !(typeof other === 'string' || other instanceof PyPath)) return NotImplemented;
    const o = typeof other === 'string' ? other : other.path;
    return this.make(cleanPath(reflected ? join([o, this.path]) : join([this.path, o])));
  }
  compare(op: string, other: PyValue): PyValue {
    if (!(other instanceof PyPath)) return op === '==' ? false : op === '!=' ? true : NotImplemented;
    const a = this.path, b = other.path;
    switch (op) {
      case '==': return a === b; case '!=': return a !== b; case '<': return a < b;
      case '<=': return a <= b; case '>': return a > b; default: return a >= b;
    }
  }
  getAttr(name: string): PyValue | undefined {
    const p = this.path, fs = this.fs;
    const base = p === '.' ? '' : split(p)[1];
    const fn = (f: Impl): HostFunction => new HostFunction(name, f);
    switch (name) {
      case 'name': return base;
      case 'suffix': return splitext(base)[1];
      case 'suffixes': { const m = base.replace(/^\.+/, '').split('.').slice(1); return new PyList(m.map((x) => '.' + x)); }
      case 'stem': return splitext(base)[0];
      case 'parent': { const [h] = split(p); return this.make(h === '' ? '.' : h); }
      case 'parents': { const out: PyPath[] = []; let cur: PyPath = this; for (;;) { const par = cur.getAttr('parent') as PyPath; if (par.path === cur.path) break; out.push(par); cur = par; } return new PyTuple(out); }
      case 'parts': return new PyTuple(this.parts);
      case 'exists': return fn(() => fs.kind(p) !== undefined);
      case 'is_file': return fn(() => fs.kind(p) === 'file');
      case 'is_dir': return fn(() => fs.kind(p) === 'dir');
      case 'is_absolute': return fn(() => p.startsWith('/'));
      case 'mkdir': return fn((a, k) => { fs.mkdir(p, truthy(arg(a, k, 1, 'parents', false)), truthy(arg(a, k, 2, 'exist_ok', false))); return null; });
      case 'open': return fn((a, k) => Stream.open(fs, p, String(arg(a, k, 0, 'mode', 'r'))));
      case 'read_text': return fn(() => new TextDecoder().decode(fs.read(p)));
      case 'write_text': return fn((a) => {
        if (typeof a[0] !== 'string') throw pyErr('TypeError', `data must be str, not ${typeName(a[0])}`);
        fs.write(p, new TextEncoder().encode(a[0])); return BigInt(a[0].length);
      });
      case 'read_bytes': return fn(() => new PyBytes(fs.read(p).slice()));
      case 'unlink': return fn((a, k) => { if (!(truthy(arg(a, k, 0, 'missing_ok', false)) && fs.kind(p) === undefined)) fs.remove(p); return null; });
      case 'rmdir': return fn(() => { fs.rmdir(p); return null; });
      case 'iterdir': return fn(() => new PyList(fs.list(p).map((n) => this.make(join([p, n]).replace(/^\.\//, '')))));
      case 'glob': return fn((a) => {
        const re = new RegExp('^' + String(a[0]).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
        return new PyList(fs.list(p).filter((n) => re.test(n)).sort().map((n) => this.make(join([p, n]).replace(/^\.\//, ''))));
      });
      case 'resolve': case 'absolute': return fn(() => this.make(normpath(p.startsWith('/') ? p : join([fs.cwd, p]))));
      case 'with_suffix': return fn((a) => this.make(join([split(p)[0], splitext(base)[0] + String(a[0])]) || '.'));
      case 'with_name': return fn((a) => this.make(join([split(p)[0], String(a[0])])));
      case 'joinpath': return fn((a) => this.make(cleanPath(join([p, ...pathArgs(a, 'joinpath')]))));
      case 'as_posix': return fn(() => p);
      case 'stat': return fn(() => new HostModule('stat_result', new Map([['st_size', BigInt(fs.read(p).length)]])));
    }
    return undefined;
  }
}

/** PurePath's normalisation: collapse '//' and '.', keep '..', strip the trailing slash. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  const s = (abs ? '/' : '') + parts.join('/');
  return s || (abs ? '/' : '.');
}

export function makePathlib(fs: VirtualFS): HostModule {
  const ctor: Impl = (a) => new PyPath(fs, cleanPath(a.length ? join(pathArgs(a, 'Path')) : '.'));
  const path = new NativeClass('Path', ctor, (v) => v instanceof PyPath, {
    cwd: new HostFunction('cwd', () => new PyPath(fs, fs.cwd)),
    home: new HostFunction('home', () => new PyPath(fs, fs.cwd)),
  }, 'pathlib');
  const posix = new NativeClass('PosixPath', ctor, (v) => v instanceof PyPath, {}, 'pathlib');
  return new HostModule('pathlib', new Map<string, PyValue>([['Path', path], ['PosixPath', posix], ['PurePath', path], ['PurePosixPath', posix]]));
}
