// sys, time, timeit, warnings and string: small modules whose behaviour is the host's (output, clocks).
import { HOST, HostModule, PyDict, PyList, PyTuple, type HostObject, type PyValue } from '../host';
import { PyClass, PyException, makeException, pyErr } from '../objects';
import { call, typeName } from '../runtime';
import { str } from '../format';
import { toFloat, toInt } from '../builtins';
import { EXCEPTIONS } from '../objects';
import { NativeObject, arg, makeModule, type Impl } from './native';

export interface SysHost {
  /** Text for the program's output (stdout and stderr both reach the run's output). */
  write(text: string): void;
  file: () => string;
  /** Line of the user's code running now. */
  line(): number | undefined;
  /** Source line `n` (1-based) of the user's file, for warnings. */
  sourceLine(n: number): string | undefined;
}

/** SystemExit(code): `code` is the argument (None without one), as CPython sets it. */
export function systemExit(code: PyValue): PyException {
  const inst = makeException('SystemExit');
  inst.dict.set('args', new PyTuple(code === null ? [] : [code]));
  inst.dict.set('code', code);
  return new PyException(inst, code === null ? '' : str(code));
}

class StdStream extends NativeObject {
  constructor(private readonly name: string, private readonly host: SysHost) { super(); }
  pyTypeName(): string { return 'TextIOWrapper'; }
  repr(): string { return `<_io.TextIOWrapper name='<${this.name}>' mode='w' encoding='utf-8'>`; }
  protected override attr(n: string): PyValue | undefined { return n === 'name' ? `<${this.name}>` : n === 'encoding' ? 'utf-8' : undefined; }
  protected methods(): Record<string, Impl> {
    return {
      write: (a) => {
        if (typeof a[0] !== 'string') throw pyErr('TypeError', `write() argument must be str, not ${typeName(a[0])}`);
        this.host.write(a[0]);
        return BigInt(a[0].length);
      },
      writelines: (a) => { for (const x of (a[0] as PyList).items ?? []) this.host.write(String(x)); return null; },
      flush: () => null, isatty: () => false, fileno: () => (this.name === 'stdout' ? 1n : 2n),
    };
  }
}

/** sys.version_info: a tuple (compares like one) with named fields. */
class VersionInfo extends PyTuple implements HostObject {
  readonly [HOST] = true as const;
  constructor() { super([3n, 11n, 2n, 'final', 0n]); }
  pyTypeName(): string { return 'sys.version_info'; }
  getAttr(n: string): PyValue | undefined {
    const i = ['major', 'minor', 'micro', 'releaselevel', 'serial'].indexOf(n);
    return i < 0 ? undefined : this.items[i];
  }
  repr(): string { return "sys.version_info(major=3, minor=11, micro=2, releaselevel='final', serial=0)"; }
}

export function makeSys(host: SysHost): HostModule {
  const vi = new VersionInfo();
  return makeModule('sys', {
    exit: (a) => { throw systemExit(a[0] ?? null); },
    getrecursionlimit: () => 1000n,
    setrecursionlimit: () => null,
    getsizeof: () => 64n,
    intern: (a) => a[0],
  }, {
    argv: new PyList([host.file()]),
    version: '3.11.2 (main) [Loss Lens]',
    version_info: vi,
    platform: 'linux',
    maxsize: 9223372036854775807n,
    byteorder: 'little',
    executable: '',
    path: new PyList([]),
    modules: new PyDict(),
    stdout: new StdStream('stdout', host),
    stderr: new StdStream('stderr', host),
    float_info: new HostModule('sys.float_info', new Map<string, PyValue>([['epsilon', Number.EPSILON], ['max', Number.MAX_VALUE], ['min', 2.2250738585072014e-308]])),
  });
}

/** time: real clocks; sleep() does not block, it advances the clocks the snippet reads by the slept time. */
export function makeTime(): HostModule {
  const t0 = performance.now();
  let slept = 0;
  const now = (): number => (performance.now() - t0) / 1000 + slept;
  return makeModule('time', {
    time: () => Date.now() / 1000 + slept,
    time_ns: () => BigInt(Math.round((Date.now() / 1000 + slept) * 1e9)),
    perf_counter: now,
    perf_counter_ns: () => BigInt(Math.round(now() * 1e9)),
    monotonic: now,
    monotonic_ns: () => BigInt(Math.round(now() * 1e9)),
    process_time: now,
    sleep: (a) => {
      const s = toFloat(a[0]);
      if (s < 0) throw pyErr('ValueError', 'sleep length must be non-negative');
      slept += s;
      return null;
    },
    strftime: (a) => strftime(String(a[0]), new Date(Date.now() + slept * 1000)),
  });
}

function strftime(fmt: string, d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return fmt.replace(/%([YmdHMSyjpbBaA%])/g, (_m, c: string) => {
    switch (c) {
      case 'Y': return String(d.getFullYear()); case 'y': return p(d.getFullYear() % 100);
      case 'm': return p(d.getMonth() + 1); case 'd': return p(d.getDate());
      case 'H': return p(d.getHours()); case 'M': return p(d.getMinutes()); case 'S': return p(d.getSeconds());
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 'b': return d.toLocaleString('en-US', { month: 'short' });
      case 'B': return d.toLocaleString('en-US', { month: 'long' });
      case 'a': return d.toLocaleString('en-US', { weekday: 'short' });
      case 'A': return d.toLocaleString('en-US', { weekday: 'long' });
      case 'j': return p(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 864e5) + 1, 3);
      default: return '%';
    }
  });
}

export function makeTimeit(time: HostModule): HostModule {
  const timer = time.attrs.get('perf_counter')!;
  const timeit: Impl = (a, k) => {
    const stmt = arg(a, k, 0, 'stmt', null);
    const number = Number(toInt(arg(a, k, 3, 'number', 1000000n)));
    if (typeof stmt === 'string' || stmt === null) throw pyErr('NotSupported', 'timeit with a source string (pass a callable)');
    const t = (): number => call(timer, []) as number;
    const start = t();
    for (let i = 0; i < number; i++) call(stmt, []);
    return t() - start;
  };
  return makeModule('timeit', {
    timeit,
    repeat: (a, k) => new PyList(Array.from({ length: Number(toInt(arg(a, k, 3, 'repeat', 5n))) }, () => timeit(a, k))),
  }, { default_timer: timer });
}

/**
 * warnings.warn prints CPython's default format to the run output, once per (message, category, line), as the
 * default filter does: "file:line: UserWarning: message" and the source line.
 */
export function makeWarnings(host: SysHost): HostModule {
  const seen = new Set<string>();
  let ignoreAll = false;
  const warn: Impl = (a, k) => {
    const message = arg(a, k, 0, 'message');
    let category = arg(a, k, 1, 'category', null);
    if (category === null) category = EXCEPTIONS.get('UserWarning')!;
    let name = category instanceof PyClass ? category.name : 'UserWarning';
    let text = str(message);
    if (message !== null && typeof message === 'object' && 'cls' in message && (message as { cls: PyClass }).cls instanceof PyClass) {
      name = (message as { cls: PyClass }).cls.name;
    }
    const line = host.line();
    const key = `${name}\0${text}\0${line}`;
    if (ignoreAll || seen.has(key)) return null;
    seen.add(key);
    const src = line === undefined ? undefined : host.sourceLine(line);
    text = `${host.file()}:${line ?? 1}: ${name}: ${text}\n${src ? `  ${src.trim()}\n` : ''}`;
    host.write(text);
    return null;
  };
  return makeModule('warnings', {
    warn,
    filterwarnings: (a, k) => { if (arg(a, k, 0, 'action') === 'ignore' && !a[1] && !k.has('message') && !k.has('category')) ignoreAll = true; return null; },
    simplefilter: (a, k) => { ignoreAll = arg(a, k, 0, 'action') === 'ignore'; return null; },
    resetwarnings: () => { ignoreAll = false; return null; },
  }, Object.fromEntries(['Warning', 'UserWarning', 'DeprecationWarning', 'RuntimeWarning', 'FutureWarning'].map((n) => [n, EXCEPTIONS.get(n)!])));
}

export function makeString(): HostModule {
  const lower = 'abcdefghijklmnopqrstuvwxyz', upper = lower.toUpperCase(), digits = '0123456789';
  const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  const whitespace = ' \t\n\r\x0b\x0c';
  return makeModule('string', {
    capwords: (a) => String(a[0]).split(/\s+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(' '),
  }, {
    ascii_letters: lower + upper, ascii_lowercase: lower, ascii_uppercase: upper, digits, hexdigits: digits + 'abcdefABCDEF',
    octdigits: '01234567', punctuation, whitespace, printable: digits + lower + upper + punctuation + whitespace,
  });
}

