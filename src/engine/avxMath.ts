// float32 emulation of avx_mathfun's log256_ps and sincos256_ps (Cephes polynomials), which PyTorch's AVX2 build
// uses in normal_fill for randn of >= 16 elements. Emulated with Math.fround so randn matches bit for bit.
// GCC contracts the intrinsics' mul+add pairs into FMA (-mfma, -ffp-contract=fast); `fma` mirrors that.
const f = Math.fround;

/** fmaf(a, b, c) for float32 inputs: the product is exact in double, so one double add then fround. */
function fma(a: number, b: number, c: number): number { return f(a * b + c); }

const SQRTHF = f(0.7071067811865476);
const LP = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const Q1 = f(-2.12194440e-4);
const Q2 = f(0.693359375);

const i32 = new Int32Array(1);
const f32 = new Float32Array(i32.buffer);

/** log256_ps for one lane (x > 0). */
export function log256(xIn: number): number {
  if (!(xIn > 0)) return xIn === 0 ? -Infinity : NaN;
  f32[0] = Math.max(xIn, 1.1754943508222875e-38);
  const bits = i32[0];
  let e = f(((bits >>> 23) - 0x7f) + 1);
  i32[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = f32[0];
  if (x < SQRTHF) {
    e = f(e - 1);
    x = f(f(x - 1) + x);
  } else {
    x = f(x - 1);
  }
  const z = f(x * x);
  let y = LP[0];
  for (let k = 1; k < 9; k++) y = fma(y, x, LP[k]);
  y = f(y * x);
  // GCC fuses (y·z) + (e·q1) with e·q1 rounded first — found by matching real PyTorch bit for bit.
  y = fma(y, z, f(e * Q1));
  y = fma(z, -0.5, y);
  x = f(x + y);
  return fma(e, Q2, x);
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.774894977445941e-8);
const SP = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const CP = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);

/** sincos256_ps for one lane; writes sin to s[k] and cos to c[k]. */
export function sincos256(xIn: number, s: Float32Array, c: Float32Array, k: number): void {
  let signSin = xIn < 0 || Object.is(xIn, -0) ? -1 : 1;
  let x = Math.abs(xIn);
  let j = Math.trunc(f(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j; // exact as float for the ranges used
  if (j & 4) signSin = -signSin;
  const polySin = (j & 2) === 0;
  x = fma(y, DP1, x);
  x = fma(y, DP2, x);
  x = fma(y, DP3, x);
  const signCos = (~(j - 2) & 4) ? -1 : 1;
  const z = f(x * x);
  let yc = CP[0];
  yc = fma(yc, z, CP[1]);
  yc = fma(yc, z, CP[2]);
  yc = f(yc * z);
  // Likewise (yc·z) − (z·0.5) is one fused op.
  yc = fma(yc, z, -f(z * 0.5));
  yc = f(yc + 1);
  let ys = SP[0];
  ys = fma(ys, z, SP[1]);
  ys = fma(ys, z, SP[2]);
  ys = f(ys * z);
  ys = fma(ys, x, x);
  s[k] = signSin * (polySin ? ys : yc);
  c[k] = signCos * (polySin ? yc : ys);
}
