// The standard library: which module names exist and how each is built. Modules that touch the host (files,
// output, clocks) or run per item inside loops (itertools, collections, re, json) are TypeScript; modules that
// mostly define classes and decorators (functools, dataclasses, argparse, enum, typing, pprint…) are Python source
// run by our interpreter on first import, as CPython's own versions are Python.
// docs/DESIGN.md "Standard library" has the measurements behind this split.
import { HostFunction, HostModule, PyList, type PyValue } from '../host';
import { PyClass, PyInstance, notSupported, pyErr } from '../objects';
import { call, getAttr, getAttrOrUndefined } from '../runtime';
import { str } from '../format';
import { makeCopy } from './copy';
import { makeMath } from './math';
import { makeRandom } from './random';
import { makeBytes, makeIo, makeOpen } from './files';
import { makeOs, makeOsPath, makePathlib } from './os';
import { makeString, makeSys, makeTime, makeTimeit, makeWarnings, type SysHost } from './sys';
import { makeJson } from './json';
import { makeGc, makeGlob, makePickle, makeShutil } from './fsmods';
import { makeRe } from './re';
import { makeCollections, makeCollectionsAbc } from './collections';
import { makeItertools } from './itertools';
import { makeUnicodedata } from './unicodedata';
import { ABC_PY, CONTEXTLIB_PY, FUNCTOOLS_PY } from './py/functools.py';
import { STATISTICS_PY, TYPING_PY } from './py/typing.py';
import { DATACLASSES_PY, PPRINT_PY } from './py/dataclasses.py';
import { ARGPARSE_PY } from './py/argparse.py';
import { ENUM_PY } from './py/enum.py';
import { LOGGING_PY } from './py/logging.py';
import type { VirtualFS } from './vfs';

export { VirtualFS, type WorkspaceFiles } from './vfs';
export { PyBytes, Stream } from './files';
export { systemExit } from './sys';

/** Python-source modules: name → source. */
export const STDLIB_PY: Readonly<Record<string, string>> = {
  functools: FUNCTOOLS_PY, contextlib: CONTEXTLIB_PY, abc: ABC_PY, statistics: STATISTICS_PY,
  typing: TYPING_PY, dataclasses: DATACLASSES_PY, pprint: PPRINT_PY, argparse: ARGPARSE_PY, enum: ENUM_PY,
  logging: LOGGING_PY,
};

export interface StdlibHost extends SysHost {
  readonly fs: VirtualFS;
  /** Runs Python source as module `name` and returns it. */
  runModule(name: string, source: string): PyValue;
  /** An already imported module, so os.path and os share one object. */
  imported(name: string): PyValue | undefined;
}

/** Native helpers the Python-source modules need from the interpreter (read-only facts about classes). */
function makeNativeHelpers(): HostModule {
  return new HostModule('_stdlib', new Map<string, PyValue>([
    ['class_own_names', new HostFunction('class_own_names', (a) => {
      if (!(a[0] instanceof PyClass)) throw pyErr('TypeError', 'expected a class');
      return new PyList([...a[0].dict.keys()]);
    })],
    // An instance made without running __init__ (enum members).
    ['new_instance', new HostFunction('new_instance', (a) => {
      if (!(a[0] instanceof PyClass)) throw pyErr('TypeError', 'expected a class');
      return new PyInstance(a[0]);
    })],
  ]));
}

/** The module `name` if it belongs to the standard library we provide, else undefined. */
export function stdlibModule(name: string, host: StdlibHost): PyValue | undefined {
  const src = Object.hasOwn(STDLIB_PY, name) ? STDLIB_PY[name] : undefined; // 'import toString' is not a module
  if (src !== undefined) return host.runModule(name, src);
  switch (name) {
    case 'itertools': return makeItertools();
    case 'math': return makeMath();
    case 'random': return makeRandom();
    case 'copy': return makeCopy();
    case 'time': return makeTime();
    case 'timeit': return makeTimeit((host.imported('time') as HostModule | undefined) ?? makeTime());
    case 'collections': return makeCollections();
    case 'collections.abc': {
      const c = host.imported('collections');
      return c !== undefined ? getAttrOrUndefined(c, 'abc') : makeCollectionsAbc();
    }
    case 'os': return makeOs(host.fs, osPath(host));
    case 'os.path': case 'posixpath': return osPath(host);
    case 'pathlib': return makePathlib(host.fs);
    case 'io': return makeIo(host.fs);
    case 'sys': return makeSys(host);
    case 'json': return makeJson();
    case 'glob': return makeGlob(host.fs);
    case 'shutil': return makeShutil(host.fs);
    case 'pickle': return makePickle(host.fs);
    case 'gc': return makeGc();
    case 're': return makeRe();
    case 'string': return makeString();
    case 'unicodedata': return makeUnicodedata();
    case 'warnings': return makeWarnings(host);
    case '_stdlib': return makeNativeHelpers();
    default: return undefined;
  }
}

function osPath(host: StdlibHost): HostModule {
  const os = host.imported('os');
  return (os !== undefined ? getAttrOrUndefined(os, 'path') as HostModule : undefined) ?? makeOsPath(host.fs);
}

/** Builtins that need the run's file system: open(), bytes(), vars(obj) and print(..., file=f). */
export function installFileBuiltins(builtins: Map<string, PyValue>, fs: VirtualFS): void {
  const print = builtins.get('print') as HostFunction;
  builtins.set('print', new HostFunction('print', (a, k) => {
    const file = k.get('file') ?? null;
    if (file === null) { k.delete('file'); return print.call(a, k); }
    const sep = k.get('sep') ?? null, end = k.get('end') ?? null;
    if ((sep !== null && typeof sep !== 'string') || (end !== null && typeof end !== 'string')) return print.call(a, k);
    call(getAttr(file, 'write'), [a.map((x) => str(x)).join(sep ?? ' ') + (end ?? '\n')]);
    return null;
  }));
  builtins.set('open', new HostFunction('open', makeOpen(fs)));
  builtins.set('bytes', new HostFunction('bytes', (a) => makeBytes(a)));
  builtins.set('vars', new HostFunction('vars', (a) => {
    if (a.length !== 1) throw notSupported('vars() without an argument');
    const d = getAttrOrUndefined(a[0], '__dict__');
    if (d === undefined) throw pyErr('TypeError', 'vars() argument must have __dict__ attribute');
    return d;
  }));
}
