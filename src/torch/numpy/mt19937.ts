// NumPy's legacy RandomState stream: MT19937 seeded like `np.random.seed(n)` (init_genrand for a 32-bit int,
// init_by_array for a sequence), doubles from two 32-bit draws (53 bits), the polar Box–Muller "legacy gauss"
// with its cached second value, and the masked rejection NumPy uses for bounded integers. Bit-exact with
// NumPy 1.x's RandomState (checked in test/unit/torch/numpy_random.test.ts against real NumPy).

import { mtInitGenrand, mtTemper, mtTwist } from '../../engine/rng';

const N = 624;

export class MT19937 {
  private mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 5489) { this.seed(seed); }

  /** mt19937_seed: the key from a 32-bit seed (NumPy's path for a Python int seed). */
  seed(s: number): void {
    mtInitGenrand(this.mt, s);
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** mt19937_init_by_array: NumPy's path for an array seed. */
  seedArray(key: number[]): void {
    this.seed(19650218);
    const mt = this.mt;
    let i = 1, j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + (key[j] >>> 0) + j) >>> 0;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    this.pos = N;
    this.hasGauss = false;
  }

  nextUint32(): number {
    if (this.pos >= N) { mtTwist(this.mt); this.pos = 0; }
    return mtTemper(this.mt[this.pos++]);
  }

  /** random_sample: 53-bit double in [0, 1). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** legacy_gauss: polar method, the second value cached for the next call. */
  gaussian(): number {
    if (this.hasGauss) { this.hasGauss = false; return this.gauss; }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt(-2 * logCR(r2) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** An integer in [0, rng] by masked rejection (32-bit draws while rng fits, else 64-bit). */
  bounded(rng: number): number {
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) return this.nextUint32();
      const mask = smear(rng);
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0; while (v > rng);
      return v;
    }
    const big = BigInt(rng), mask = BigInt(smearBig(big));
    let v: bigint;
    do {
      const hi = BigInt(this.nextUint32()), lo = BigInt(this.nextUint32());
      v = ((hi << 32n) | lo) & mask;
    } while (v > big);
    return Number(v);
  }

  /** random_interval(max): the draw behind shuffle/permutation (same masking as bounded). */
  interval(max: number): number { return this.bounded(max); }
}

function smear(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1; m |= m >>> 2; m |= m >>> 4; m |= m >>> 8; m |= m >>> 16;
  return m >>> 0;
}
function smearBig(x: bigint): bigint {
  let m = x;
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) m |= m >> s;
  return m;
}

// ----- a correctly rounded natural log -------------------------------------------------------------------------
// NumPy's gauss calls C's log, which glibc rounds correctly; V8's Math.log is within 1 ulp but not always the
// nearest double, which would flip the last bit of some draws. So log is evaluated in double-double
// (log m = 2·atanh((m−1)/(m+1)), m in [√½, √2)) and rounded once.

const SPLIT = 134217729; // 2^27 + 1
function twoSum(a: number, b: number): [number, number] { const s = a + b, bb = s - a; return [s, (a - (s - bb)) + (b - bb)]; }
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLIT * a; const ah = c - (c - a), al = a - ah;
  c = SPLIT * b; const bh = c - (c - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const [h, l] = twoSum(s, e + al + bl);
  return [h, l];
}
function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}
function ddDiv(ah: number, al: number, bh: number, bl: number): [number, number] {
  const q1 = ah / bh;
  const [p, e] = ddMul(q1, 0, bh, bl);
  const [rh, rl] = ddAdd(ah, al, -p, -e);
  const q2 = (rh + rl) / bh;
  return twoSum(q1, q2);
}
const LN2_HI = 0.6931471805599453, LN2_LO = 2.3190468138462996e-17;
const INV_ODD: [number, number][] = Array.from({ length: 30 }, (_, k) => {
  const d = 2 * k + 1, h = 1 / d;
  const [p, e] = twoProd(h, d);
  return [h, (1 - p - e) / d];
});
const F64 = new Float64Array(1), U32 = new Uint32Array(F64.buffer);

export function logCR(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  F64[0] = x;
  let e = ((U32[1] >>> 20) & 0x7ff) - 1023;
  if (e === -1023) return Math.log(x); // subnormal: never drawn here
  U32[1] = (U32[1] & 0x800fffff) | 0x3ff00000; // mantissa in [1, 2)
  let m = F64[0];
  if (m > Math.SQRT2) { m /= 2; e += 1; }
  const [dh, dl] = twoSum(m, 1);
  const [fh, fl] = ddDiv(m - 1, 0, dh, dl);
  const [f2h, f2l] = ddMul(fh, fl, fh, fl);
  let [th, tl] = INV_ODD[29];
  for (let k = 28; k >= 0; k--) {
    [th, tl] = ddMul(th, tl, f2h, f2l);
    [th, tl] = ddAdd(th, tl, INV_ODD[k][0], INV_ODD[k][1]);
  }
  let [rh, rl] = ddMul(fh, fl, th, tl);
  rh *= 2; rl *= 2;
  const [eh, el] = twoProd(e, LN2_HI);
  [rh, rl] = ddAdd(rh, rl, eh, el + e * LN2_LO);
  return rh + rl;
}
