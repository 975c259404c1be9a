// itertools in TypeScript: these sit inside loops, and a JS generator costs ~1 µs per item where the same
// function written in Python on our interpreter costs ~20 µs (docs/DESIGN.md "Standard library"). Each function
// is lazy like CPython's and follows its documented "roughly equivalent" code.
import { HostFunction, HostModule, PyTuple, type PyValue } from '../host';
import { PyIterator, pyErr } from '../objects';
import { call, iterate } from '../runtime';
import { binary, eq, truthy } from '../ops';
import { toInt } from '../builtins';
import { NativeClass, arg, type Impl } from './native';

const it = (name: string, g: Iterator<PyValue>, source: PyValue = null): PyIterator => new PyIterator(g, `itertools.${name}`, source);
const int = (v: PyValue, what: string): number => {
  if (typeof v !== 'bigint' && typeof v !== 'boolean') throw pyErr(what.startsWith('islice') ? 'ValueError' : 'TypeError', what);
  return Number(v);
};

function* count(start: PyValue, step: PyValue): Generator<PyValue> {
  let n = start;
  for (;;) { yield n; n = binary('+', n, step); }
}
function* cycle(src: PyValue): Generator<PyValue> {
  const saved: PyValue[] = [];
  for (const x of iterate(src)) { yield x; saved.push(x); }
  while (saved.length) yield* saved;
}
function* repeat(v: PyValue, times: number | null): Generator<PyValue> {
  if (times === null) for (;;) yield v;
  for (let i = 0; i < times; i++) yield v;
}
function* chain(sources: Iterable<PyValue>): Generator<PyValue> {
  for (const s of sources) yield* iterate(s);
}
function* accumulate(src: PyValue, func: PyValue, initial: PyValue): Generator<PyValue> {
  const i = iterate(src)[Symbol.iterator]();
  let total = initial;
  if (initial === null) {
    const first = i.next();
    if (first.done) return;
    total = first.value;
  }
  yield total;
  for (let r = i.next(); !r.done; r = i.next()) {
    total = func === null ? binary('+', total, r.value) : call(func, [total, r.value]);
    yield total;
  }
}
function* islice(src: PyValue, start: number, stop: number | null, step: number): Generator<PyValue> {
  if (stop !== null && stop <= start) return;
  let i = 0, next = start;
  for (const x of iterate(src)) {
    if (i === next) {
      yield x;
      next += step;
      if (stop !== null && next >= stop) return;
    }
    i++;
  }
}
function* zipLongest(srcs: PyValue[], fill: PyValue): Generator<PyValue> {
  const its = srcs.map((s) => iterate(s)[Symbol.iterator]());
  const done = its.map(() => false);
  let active = its.length;
  if (!active) return;
  for (;;) {
    const row: PyValue[] = [];
    for (let k = 0; k < its.length; k++) {
      if (done[k]) { row.push(fill); continue; }
      const r = its[k].next();
      if (r.done) { done[k] = true; active--; if (!active) return; row.push(fill); } else row.push(r.value);
    }
    yield new PyTuple(row);
  }
}
function* product(pools: PyValue[][]): Generator<PyValue> {
  if (pools.some((p) => p.length === 0)) return;
  const idx = pools.map(() => 0);
  for (;;) {
    yield new PyTuple(idx.map((j, k) => pools[k][j]));
    let k = pools.length - 1;
    while (k >= 0 && ++idx[k] === pools[k].length) { idx[k] = 0; k--; }
    if (k < 0) return;
  }
}
function* permutations(pool: PyValue[], r: number): Generator<PyValue> {
  const n = pool.length;
  if (r > n) return;
  const indices = pool.map((_x, i) => i);
  const cycles = Array.from({ length: r }, (_x, i) => n - i);
  yield new PyTuple(indices.slice(0, r).map((i) => pool[i]));
  while (n) {
    let i = r - 1;
    for (; i >= 0; i--) {
      cycles[i]--;
      if (cycles[i] === 0) {
        indices.push(...indices.splice(i, 1));
        cycles[i] = n - i;
      } else {
        const j = n - cycles[i];
        [indices[i], indices[j]] = [indices[j], indices[i]];
        yield new PyTuple(indices.slice(0, r).map((x) => pool[x]));
        break;
      }
    }
    if (i < 0) return;
  }
}
function* combinations(pool: PyValue[], r: number, replace: boolean): Generator<PyValue> {
  const n = pool.length;
  if (replace ? !n && r : r > n) return;
  const indices = Array.from({ length: r }, (_x, i) => (replace ? 0 : i));
  for (;;) {
    yield new PyTuple(indices.map((i) => pool[i]));
    let i = r - 1;
    while (i >= 0 && indices[i] === (replace ? n - 1 : i + n - r)) i--;
    if (i < 0) return;
    indices[i]++;
    for (let j = i + 1; j < r; j++) indices[j] = replace ? indices[i] : indices[j - 1] + 1;
  }
}
function* groupby(src: PyValue, key: PyValue): Generator<PyValue> {
  const i = iterate(src)[Symbol.iterator]();
  const keyOf = (v: PyValue): PyValue => (key === null ? v : call(key, [v]));
  let cur = i.next();
  if (cur.done) return;
  let curKey = keyOf(cur.value);
  let exhausted = false;
  for (;;) {
    const target = curKey;
    // The group shares the outer iterator, as CPython's _grouper does: advancing the outer loop skips the rest.
    const group = function* (): Generator<PyValue> {
      while (!exhausted && eq(curKey, target)) {
        yield cur.value;
        cur = i.next();
        if (cur.done) { exhausted = true; return; }
        curKey = keyOf(cur.value);
      }
    };
    yield new PyTuple([target, it('_grouper', group())]);
    while (!exhausted && eq(curKey, target)) {
      cur = i.next();
      if (cur.done) { exhausted = true; break; }
      curKey = keyOf(cur.value);
    }
    if (exhausted) return;
  }
}

function tee(src: PyValue, n: number): PyTuple {
  const source = iterate(src)[Symbol.iterator]();
  const buffers: PyValue[][] = Array.from({ length: n }, () => []);
  const gen = function* (mine: PyValue[]): Generator<PyValue> {
    for (;;) {
      if (!mine.length) {
        const r = source.next();
        if (r.done) return;
        for (const b of buffers) b.push(r.value);
      }
      yield mine.shift();
    }
  };
  return new PyTuple(buffers.map((b) => it('_tee', gen(b))));
}

function pred(p: PyValue): (v: PyValue) => boolean {
  return p === null ? truthy : (v) => truthy(call(p, [v]));
}

export function makeItertools(): HostModule {
  const fns: Record<string, Impl> = {
    count: (a, k) => it('count', count(arg(a, k, 0, 'start', 0n), arg(a, k, 1, 'step', 1n))),
    cycle: (a) => it('cycle', cycle(a[0]), a[0]),
    repeat: (a, k) => {
      const t = arg(a, k, 1, 'times', null);
      return it('repeat', repeat(a[0], t === null ? null : Math.max(0, int(t, 'integer argument expected'))));
    },
    accumulate: (a, k) => it('accumulate', accumulate(a[0], arg(a, k, 1, 'func', null), k.get('initial') ?? null), a[0]),
    islice: (a) => {
      const [s0, s1, s2] = a.length === 2 ? [null, a[1], null] : [a[1] ?? null, a[2] ?? null, a[3] ?? null];
      const msg = 'Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.';
      const start = s0 === null ? 0 : int(s0, 'islice' + msg), stop = s1 === null ? null : int(s1, 'islice' + msg);
      const step = s2 === null ? 1 : int(s2, 'islice' + msg);
      if (start < 0 || (stop !== null && stop < 0)) throw pyErr('ValueError', msg);
      if (step <= 0) throw pyErr('ValueError', 'Step for islice() must be a positive integer or None.');
      return it('islice', islice(a[0], start, stop, step), a[0]);
    },
    starmap: (a) => it('starmap', (function* () { for (const args of iterate(a[1])) yield call(a[0], [...iterate(args)]); })(), a[1]),
    compress: (a) => it('compress', (function* () {
      const s = iterate(a[1])[Symbol.iterator]();
      for (const d of iterate(a[0])) { const r = s.next(); if (r.done) return; if (truthy(r.value)) yield d; }
    })(), a[0]),
    takewhile: (a) => { const p = pred(a[0]); return it('takewhile', (function* () { for (const x of iterate(a[1])) { if (!p(x)) return; yield x; } })(), a[1]); },
    dropwhile: (a) => {
      const p = pred(a[0]);
      return it('dropwhile', (function* () { let dropping = true; for (const x of iterate(a[1])) { if (dropping && p(x)) continue; dropping = false; yield x; } })(), a[1]);
    },
    filterfalse: (a) => { const p = pred(a[0]); return it('filterfalse', (function* () { for (const x of iterate(a[1])) if (!p(x)) yield x; })(), a[1]); },
    zip_longest: (a, k) => it('zip_longest', zipLongest(a, k.get('fillvalue') ?? null)),
    product: (a, k) => {
      const pools = a.map((p) => [...iterate(p)]);
      const n = Number(toInt(k.get('repeat') ?? 1n));
      return it('product', product(Array.from({ length: n }, () => pools).flat()));
    },
    permutations: (a, k) => {
      const pool = [...iterate(a[0])];
      const r = arg(a, k, 1, 'r', null);
      return it('permutations', permutations(pool, r === null ? pool.length : int(r, 'Expected int as r')));
    },
    combinations: (a, k) => it('combinations', combinations([...iterate(a[0])], int(arg(a, k, 1, 'r'), 'Expected int as r'), false)),
    combinations_with_replacement: (a, k) => it('combinations_with_replacement', combinations([...iterate(a[0])], int(arg(a, k, 1, 'r'), 'Expected int as r'), true)),
    groupby: (a, k) => it('groupby', groupby(a[0], arg(a, k, 1, 'key', null)), a[0]),
    tee: (a) => tee(a[0], a[1] === undefined ? 2 : int(a[1], 'integer argument expected')),
    pairwise: (a) => it('pairwise', (function* () {
      let prev: PyValue, first = true;
      for (const x of iterate(a[0])) { if (!first) yield new PyTuple([prev, x]); prev = x; first = false; }
    })(), a[0]),
  };
  const attrs = new Map<string, PyValue>(Object.entries(fns).map(([n, f]) => [n, new HostFunction(n, f)]));
  attrs.set('chain', new NativeClass('chain', (a) => it('chain', chain(a)), () => false, {
    from_iterable: new HostFunction('from_iterable', (a) => it('chain', chain(iterate(a[0])), a[0])),
  }, 'itertools'));
  return new HostModule('itertools', attrs);
}
