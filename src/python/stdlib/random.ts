// The random module: CPython's MT19937 seeded by init_by_array and its algorithms, so after random.seed(n) the
// same numbers as CPython 3.11 for random/randint/randrange/choice/shuffle/sample/uniform/gauss.
import { HostFunction, HostModule, PyList, type PyValue } from '../host';
import { pyErr } from '../objects';
import { iterate } from '../runtime';
import { getItem, len } from '../containers';
import { toInt } from '../builtins';
import { num } from './math';

/** CPython's random.Random: MT19937 seeded by init_by_array, so `random.seed(n)` gives Python's own numbers. */
class Rng {
  private mt = new Uint32Array(624);
  private mti = 625;
  constructor(seed: bigint) { this.seed(seed); }
  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
    this.mti = 624;
  }
  /** random.seed(int): the key is |n| as little-endian 32-bit words (CPython's random_seed). */
  seed(n: bigint): void {
    if (n < 0n) n = -n;
    const key: number[] = [];
    do { key.push(Number(n & 0xffffffffn)); n >>= 32n; } while (n > 0n);
    this.initGenrand(19650218);
    const mt = this.mt;
    let i = 1, j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) >>> 0) + key[j] + j;
      i++; j++;
      if (i >= 624) { mt[0] = mt[623]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) >>> 0) - i;
      i++;
      if (i >= 624) { mt[0] = mt[623]; i = 1; }
    }
    mt[0] = 0x80000000;
  }
  next32(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  random(): number { const a = this.next32() >>> 5, b = this.next32() >>> 6; return (a * 67108864 + b) / 9007199254740992; }
  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(k === 0 ? 0 : this.next32() >>> (32 - k));
    let r = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      let w = this.next32();
      if (k < 32) w >>>= 32 - k;
      r |= BigInt(w) << shift;
    }
    return r;
  }
  /** CPython's _randbelow_with_getrandbits: rejection sampling on bit_length(n) bits. */
  belowBig(n: bigint): bigint {
    if (n <= 0n) return 0n;
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }
  below(n: number): number { return Number(this.belowBig(BigInt(n))); }
}

const freshSeed = (): bigint => BigInt(Math.floor(Math.random() * 2 ** 32)) << 32n | BigInt(Date.now() & 0xffffffff);

/** A random.Random instance: the module's functions over its own generator. */
class RandomInstance extends HostModule {
  override pyTypeName(): string { return 'Random'; }
  override repr(): string { return '<random.Random object>'; }
}

/** The module; `seed` (a run's seed) makes it start as after random.seed(seed), else it starts from the clock. */
export function makeRandom(seed?: bigint): HostModule {
  const m = randomFunctions(new Rng(seed ?? freshSeed()), 'random');
  m.attrs.set('Random', new HostFunction('Random', (a) => {
    const inst = randomFunctions(new Rng(freshSeed()), 'Random', RandomInstance);
    if (a[0] !== undefined) (inst.attrs.get('seed') as HostFunction).call([a[0]], new Map());
    return inst;
  }));
  return m;
}

function randomFunctions(rng: Rng, name: string, Kind: typeof HostModule = HostModule): HostModule {
  let gaussNext: number | null = null;
  const gauss = (mu: number, sigma: number): number => {
    let z = gaussNext;
    gaussNext = null;
    if (z === null) {
      const x2pi = rng.random() * 2 * Math.PI;
      const g2rad = Math.sqrt(-2 * Math.log(1 - rng.random()));
      z = Math.cos(x2pi) * g2rad;
      gaussNext = Math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  };
  const NV_MAGICCONST = 4 * Math.exp(-0.5) / Math.sqrt(2);
  const normalvariate = (mu: number, sigma: number): number => {
    for (;;) {
      const u1 = rng.random(), u2 = 1 - rng.random();
      const z = NV_MAGICCONST * (u1 - 0.5) / u2;
      if (z * z / 4 <= -Math.log(u2)) return mu + z * sigma;
    }
  };
  const fns: Record<string, (a: PyValue[], k: Map<string, PyValue>) => PyValue> = {
    seed: (a) => {
      const s = a[0] ?? null;
      let n: bigint;
      if (s === null) n = BigInt(Date.now()) << 20n ^ BigInt(Math.floor(Math.random() * 2 ** 20));
      else if (typeof s === 'string') n = [...s].reduce((h, c) => (h * 131n + BigInt(c.charCodeAt(0))) & ((1n << 64n) - 1n), 7n);
      else if (typeof s === 'number' && !Number.isInteger(s)) n = BigInt(Math.floor(Math.abs(s) * 2 ** 20));
      else n = toInt(s);
      rng.seed(n);
      gaussNext = null;
      return null;
    },
    random: () => rng.random(),
    getrandbits: (a) => rng.getrandbits(Number(toInt(a[0]))),
    uniform: (a) => { const lo = num(a[0]), hi = num(a[1]); return lo + (hi - lo) * rng.random(); },
    randint: (a) => {
      const lo = toInt(a[0]), hi = toInt(a[1]);
      if (hi < lo) throw pyErr('ValueError', `empty range in randrange(${lo}, ${hi + 1n})`);
      return lo + rng.belowBig(hi - lo + 1n);
    },
    randrange: (a) => {
      if (a.length === 1) {
        const stop = toInt(a[0]);
        if (stop <= 0n) throw pyErr('ValueError', 'empty range in randrange(' + stop + ')');
        return rng.belowBig(stop);
      }
      const start = toInt(a[0]), stop = toInt(a[1]), step = a[2] === undefined ? 1n : toInt(a[2]);
      const width = stop - start;
      if (step === 1n) {
        if (width <= 0n) throw pyErr('ValueError', `empty range in randrange(${start}, ${stop})`);
        return start + rng.belowBig(width);
      }
      if (step === 0n) throw pyErr('ValueError', 'zero step for randrange()');
      const n = step > 0n ? (width + step - 1n) / step : (width + step + 1n) / step;
      if (n <= 0n) throw pyErr('ValueError', `empty range in randrange(${start}, ${stop}, ${step})`);
      return start + step * rng.belowBig(n);
    },
    choice: (a) => {
      const n = len(a[0]);
      if (n === 0) throw pyErr('IndexError', 'Cannot choose from an empty sequence');
      return getItem(a[0], BigInt(rng.below(n)));
    },
    shuffle: (a) => {
      const l = a[0];
      if (!(l instanceof PyList)) throw pyErr('TypeError', 'shuffle() needs a list');
      for (let i = l.items.length - 1; i > 0; i--) {
        const j = rng.below(i + 1);
        [l.items[i], l.items[j]] = [l.items[j], l.items[i]];
      }
      return null;
    },
    sample: (a) => {
      const population = [...iterate(a[0])];
      const n = population.length;
      const k = Number(toInt(a[1]));
      if (k > n || k < 0) throw pyErr('ValueError', 'Sample larger than population or is negative');
      const result: PyValue[] = new Array(k);
      let setsize = 21;
      if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
      if (n <= setsize) {
        const pool = population.slice();
        for (let i = 0; i < k; i++) { const j = rng.below(n - i); result[i] = pool[j]; pool[j] = pool[n - i - 1]; }
      } else {
        const selected = new Set<number>();
        for (let i = 0; i < k; i++) {
          let j = rng.below(n);
          while (selected.has(j)) j = rng.below(n);
          selected.add(j);
          result[i] = population[j];
        }
      }
      return new PyList(result);
    },
    gauss: (a) => gauss(num(a[0] ?? 0), num(a[1] ?? 1)),
    normalvariate: (a) => normalvariate(num(a[0] ?? 0), num(a[1] ?? 1)),
    lognormvariate: (a) => Math.exp(normalvariate(num(a[0]), num(a[1]))),
    expovariate: (a) => -Math.log(1 - rng.random()) / num(a[0] ?? 1),
    triangular: (a, k) => {
      let low = num(a[0] ?? k.get('low') ?? 0), high = num(a[1] ?? k.get('high') ?? 1);
      const modeArg = a[2] ?? k.get('mode') ?? null;
      let u = rng.random();
      let c = modeArg === null ? 0.5 : (num(modeArg) - low) / (high - low);
      if (u > c) { u = 1 - u; c = 1 - c; [low, high] = [high, low]; }
      return low + (high - low) * Math.sqrt(u * c);
    },
    // CPython's choices(): floor(random() * n) without weights, bisect on the cumulative weights with them.
    choices: (a, k) => {
      const population = [...iterate(a[0] ?? k.get('population'))];
      const n = population.length;
      const count = Number(toInt(k.get('k') ?? 1n));
      let cum: number[] | null = null;
      const weights = a[1] ?? k.get('weights') ?? null, cumW = k.get('cum_weights') ?? null;
      if (weights !== null) { let t = 0; cum = [...iterate(weights)].map((w) => (t += num(w))); }
      else if (cumW !== null) cum = [...iterate(cumW)].map(num);
      if (cum === null) {
        if (n === 0) throw pyErr('IndexError', 'Cannot choose from an empty sequence');
        return new PyList(Array.from({ length: count }, () => population[Math.floor(rng.random() * n)]));
      }
      if (cum.length !== n) throw pyErr('ValueError', 'The number of weights does not match the population');
      const total = cum[n - 1];
      if (!(total > 0)) throw pyErr('ValueError', 'Total of weights must be greater than zero');
      return new PyList(Array.from({ length: count }, () => {
        const x = rng.random() * total;
        let lo = 0, hi = n - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (x < cum![mid]) hi = mid; else lo = mid + 1; }
        return population[lo];
      }));
    },
  };
  const attrs = new Map<string, PyValue>(Object.entries(fns).map(([n, f]) => [n, new HostFunction(n, f)]));
  return new Kind(name, attrs);
}
