// glob, shutil and pickle over the run's in-memory file system, and gc (a no-op: memory is the engine's sweep).
import { HostModule, PyList, type PyValue } from '../host';
import { pyErr } from '../objects';
import { call, getAttr } from '../runtime';
import { truthy } from '../ops';
import { makeCopy } from './copy';
import { PyBytes } from './files';
import { join, split } from './os';
import { arg, makeModule, strArg } from './native';
import type { VirtualFS } from './vfs';

function globRe(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') { const end = part.indexOf(']', i + 1); if (end < 0) re += '\\['; else { re += '[' + part.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'; i = end; } }
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** glob.glob: matches one path component at a time, hidden names only for patterns starting with '.'; '**' with recursive=True. */
export function globPaths(fs: VirtualFS, pattern: string, recursive: boolean): string[] {
  const abs = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let found: string[] = [abs ? '/' : ''];
  for (const part of parts.slice(abs ? 1 : 0)) {
    const next: string[] = [];
    for (const base of found) {
      const dir = base === '' ? '.' : base;
      if (!/[*?[]/.test(part)) { const p = base === '' ? part : join([base, part]); if (fs.kind(p) !== undefined) next.push(p); continue; }
      if (fs.kind(dir) !== 'dir') continue;
      if (part === '**' && recursive) {
        const walk = (d: string): void => {
          next.push(d);
          for (const n of fs.list(d === '' ? '.' : d).filter((x) => !x.startsWith('.')).sort()) {
            const p = d === '' ? n : join([d, n]);
            if (fs.kind(p) === 'dir') walk(p); else next.push(p);
          }
        };
        walk(base);
        continue;
      }
      const re = globRe(part);
      for (const n of fs.list(dir)) {
        if (n.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(n)) next.push(base === '' ? n : join([base, n]));
      }
    }
    found = next;
  }
  return found.filter((p) => p !== '' && p !== '/');
}

export function makeGlob(fs: VirtualFS): HostModule {
  return makeModule('glob', {
    glob: (a, k) => new PyList(globPaths(fs, strArg(arg(a, k, 0, 'pathname'), 'glob'), truthy(k.get('recursive') ?? false))),
    iglob: (a, k) => new PyList(globPaths(fs, strArg(arg(a, k, 0, 'pathname'), 'iglob'), truthy(k.get('recursive') ?? false))),
    escape: (a) => strArg(a[0], 'escape').replace(/([*?[])/g, '[$1]'),
  });
}

export function makeShutil(fs: VirtualFS): HostModule {
  const dest = (src: string, dst: string): string => (fs.kind(dst) === 'dir' ? join([dst, split(src)[1]]) : dst);
  const copy = (a: PyValue[]): PyValue => {
    const src = strArg(a[0], 'copy'), dst = dest(src, strArg(a[1], 'copy'));
    fs.write(dst, fs.read(src));
    return dst;
  };
  const rmtree = (p: string): void => {
    for (const n of fs.list(p)) { const c = join([p, n]); if (fs.kind(c) === 'dir') rmtree(c); else fs.remove(c); }
    fs.rmdir(p);
  };
  const copytree = (src: string, dst: string): void => {
    fs.mkdir(dst, true);
    for (const n of fs.list(src)) {
      const s = join([src, n]), d = join([dst, n]);
      if (fs.kind(s) === 'dir') copytree(s, d); else fs.write(d, fs.read(s));
    }
  };
  return makeModule('shutil', {
    copy, copyfile: copy, copy2: copy,
    move: (a) => { const src = strArg(a[0], 'move'), dst = dest(src, strArg(a[1], 'move')); fs.rename(src, dst); return dst; },
    rmtree: (a, k) => {
      const p = strArg(a[0], 'rmtree');
      if (fs.kind(p) === undefined && truthy(arg(a, k, 1, 'ignore_errors', false))) return null;
      rmtree(p);
      return null;
    },
    copytree: (a) => { copytree(strArg(a[0], 'copytree'), strArg(a[1], 'copytree')); return a[1]; },
    which: () => null,
  });
}

/** pickle: dump/dumps store a deep copy (what unpickling gives back) and load/loads return a fresh one. */
export function makePickle(fs: VirtualFS): HostModule {
  const deepcopy = makeCopy().getAttr('deepcopy')!;
  const load = (data: Uint8Array): PyValue => {
    const v = fs.objectFor(data);
    if (v === undefined) {
      if (data.length === 0) throw pyErr('EOFError', 'Ran out of input');
      throw pyErr('NotSupported', 'pickle.load of data this run did not pickle');
    }
    return call(deepcopy, [v]);
  };
  const bytesOf = (v: PyValue): Uint8Array => {
    if (v instanceof PyBytes) return v.data;
    throw pyErr('TypeError', "a bytes-like object is required, not 'str'");
  };
  return makeModule('pickle', {
    dumps: (a) => new PyBytes(fs.storeObject(call(deepcopy, [a[0]]))),
    loads: (a) => load(bytesOf(a[0])),
    dump: (a, k) => { call(getAttr(arg(a, k, 1, 'file'), 'write'), [new PyBytes(fs.storeObject(call(deepcopy, [a[0]])))]); return null; },
    load: (a, k) => load(bytesOf(call(getAttr(arg(a, k, 0, 'file'), 'read'), []))),
  }, { HIGHEST_PROTOCOL: 5n, DEFAULT_PROTOCOL: 4n });
}

export function makeGc(): HostModule {
  return makeModule('gc', { collect: () => 0n, enable: () => null, disable: () => null, isenabled: () => true });
}
