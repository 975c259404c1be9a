// PyTorch's CPU random numbers, reproduced bit for bit: mt19937 plus PyTorch's own sampling paths
// (aten/src/ATen/core/TransformationHelper.h, DistributionsHelper.h, native/cpu/DistributionTemplates.h).
// Facts verified against real PyTorch are in /work/shared/notes/pytorch-rng.md; tests compare with the oracle.
import { log256, sincos256 } from './avxMath';

const N = 624;
const M = 397;
const TWO_PI_F32 = Math.fround(2 * Math.PI);

/** The MT19937 core, shared with NumPy's legacy stream (src/torch/numpy/mt19937.ts): init_genrand's key. */
export function mtInitGenrand(mt: Uint32Array, seed32: number): void {
  mt[0] = seed32 >>> 0;
  for (let i = 1; i < N; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
}

/** Regenerates all 624 words of the state. */
export function mtTwist(mt: Uint32Array): void {
  for (let k = 0; k < N; k++) {
    const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
    mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
  }
}

/** The output tempering of one state word, as a uint32. */
export function mtTemper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

export class Generator {
  private readonly mt = new Uint32Array(N);
  private mti = N;
  private seed: bigint = 0n;
  /** Box–Muller's second value, cached by the double path (PyTorch's next_double_normal_sample). */
  private nextDoubleNormal: number | null = null;

  constructor(seed?: number | bigint) {
    this.manualSeed(seed ?? randomSeed());
  }

  /** torch.manual_seed: mt19937 seeded with the low 32 bits; the cached normal is dropped (as set_current_seed). */
  manualSeed(seed: number | bigint): this {
    const s = BigInt.asUintN(64, BigInt(seed));
    this.seed = s;
    mtInitGenrand(this.mt, Number(s & 0xffffffffn));
    this.mti = N;
    this.nextDoubleNormal = null;
    return this;
  }

  /** torch.get_rng_state()/set_rng_state(): the probe replays a loop body with the same random draws. */
  getState(): { mt: Uint32Array; mti: number; seed: bigint; nextDoubleNormal: number | null } {
    return { mt: this.mt.slice(), mti: this.mti, seed: this.seed, nextDoubleNormal: this.nextDoubleNormal };
  }
  setState(st: ReturnType<Generator['getState']>): void {
    this.mt.set(st.mt);
    this.mti = st.mti;
    this.seed = st.seed;
    this.nextDoubleNormal = st.nextDoubleNormal;
  }

  /** torch.initial_seed() */
  initialSeed(): bigint { return this.seed; }

  /** Fresh random seed as PyTorch does without manual_seed (kept < 2^53 so it survives JSON). */
  seedRandomly(): bigint { this.manualSeed(randomSeed()); return this.seed; }

  /** One 32-bit draw (uint32). */
  random32(): number {
    if (this.mti >= N) { mtTwist(this.mt); this.mti = 0; }
    return mtTemper(this.mt[this.mti++]);
  }

  /** 53-bit uniform in [0,1) from two draws, the first as the high word (uniform_real_distribution<double>). */
  uniformDouble(): number {
    const hi = this.random32();
    const lo = this.random32();
    // ((hi << 32) | lo) & (2^53 - 1) == (hi & 0x1fffff) * 2^32 + lo
    return ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  }

  /** 24-bit uniform in [0,1) (uniform_real_distribution<float>). */
  rand24(): number {
    return (this.random32() & 0xffffff) / 16777216;
  }

  /** torch.rand: fills `out` with 24-bit uniforms. */
  rand(out: Float32Array): Float32Array { return this.uniform_(out, 0, 1); }

  /** Tensor.uniform_(a, b): a, b and (b−a) rounded to float32, then u·(b−a)+a in double, then rounded to float32. */
  uniform_(out: Float32Array, a: number, b: number): Float32Array {
    const from = Math.fround(a);
    const to = Math.fround(b);
    const span = Math.fround(to - from); // float − float is float in C++; the rest is double
    for (let i = 0; i < out.length; i++) out[i] = this.rand24() * span + from;
    return out;
  }

  /** torch.randint(low, high): one 32-bit draw per element, low + x % (high − low) (range < 2^32). */
  randint(out: Float32Array | Float64Array | number[], low: number, high: number): typeof out {
    const range = high - low;
    if (range <= 0) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
    for (let i = 0; i < out.length; i++) {
      if (range >= 4294967296) {
        const hi = BigInt(this.random32());
        const lo = BigInt(this.random32());
        out[i] = low + Number(((hi << 32n) | lo) % BigInt(range));
      } else {
        out[i] = low + (this.random32() % range);
      }
    }
    return out;
  }

  /** Tensor.bernoulli_(p) (CPU default kernel): a 53-bit uniform per element, 1 where u < p. */
  bernoulli_(out: Float32Array, p: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformDouble() < p ? 1 : 0;
    return out;
  }

  /** torch.randperm(n): identity, then for i < n−1 swap i with i + random32() % (n − i). */
  randperm(n: number): Float32Array {
    const r = new Float32Array(n);
    for (let i = 0; i < n; i++) r[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = this.random32() % (n - i);
      const t = r[i]; r[i] = r[z + i]; r[z + i] = t;
    }
    return r;
  }

  /** One sample of at::normal_distribution<double> (the path for tensors with fewer than 16 elements). */
  normalDouble(mean: number, std: number): number {
    if (this.nextDoubleNormal !== null) {
      const v = this.nextDoubleNormal * std + mean;
      this.nextDoubleNormal = null;
      return v;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }

  /** torch.randn / Tensor.normal_(mean, std) on a contiguous float32 tensor. */
  normal_(out: Float32Array, mean = 0, std = 1): Float32Array {
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = this.normalDouble(mean, std);
      return out;
    }
    // normal_fill_AVX2: uniforms for every element, Box–Muller on blocks of 16 in float32 (avx_mathfun).
    for (let i = 0; i < n; i++) out[i] = this.rand24();
    const m = Math.fround(mean);
    const s = Math.fround(std);
    for (let i = 0; i + 16 <= n; i += 16) fill16(out, i, m, s);
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values and transforms them again.
      for (let i = n - 16; i < n; i++) out[i] = this.rand24();
      fill16(out, n - 16, m, s);
    }
    return out;
  }
}

const sinBuf = new Float32Array(8);
const cosBuf = new Float32Array(8);

function fill16(d: Float32Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = Math.fround(1 - d[o + j]);
    const u2 = d[o + j + 8];
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * log256(u1))));
    const theta = Math.fround(TWO_PI_F32 * u2);
    sincos256(theta, sinBuf, cosBuf, j);
    const n1 = Math.fround(radius * cosBuf[j]);
    const n2 = Math.fround(radius * sinBuf[j]);
    // _mm256_fmadd_ps: one rounding (the float product is exact in double).
    d[o + j] = n1 * std + mean;
    d[o + j + 8] = n2 * std + mean;
  }
}

function randomSeed(): bigint {
  // 53 random bits: a seed the user can pass back to manual_seed and that JSON keeps exactly.
  const hi = Math.floor(Math.random() * 0x200000);
  const lo = Math.floor(Math.random() * 0x100000000);
  return BigInt(hi) * 4294967296n + BigInt(lo);
}

/** The default generator (torch.default_generator); seeded randomly until manualSeed. */
export const defaultGenerator = new Generator();
