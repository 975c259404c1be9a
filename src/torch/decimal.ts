// Correctly rounded decimal formatting of doubles, the way CPython's '{:.Nf}' / '{:.Ne}' do it: from the exact
// binary value, ties to even. JS's toFixed/toExponential round ties away from zero (0.03125 → '0.0313' where
// Python prints '0.0312'), and tensor values such as k/32 hit those ties, so PyTorch's repr needs this.

/** x = mant · 2^exp exactly, mant a non-negative integer (x finite, sign dropped). */
function exactParts(x: number): [bigint, number] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return [mant, -1074];
  mant |= 1n << 52n;
  return [mant, bexp - 1075];
}

/** round(|x| · 10^p) to an integer, ties to even; p may be negative. */
function scaledRound(x: number, p: number): bigint {
  const [mant, e] = exactParts(x);
  let num = mant;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e); else den <<= BigInt(-e);
  if (p >= 0) num *= 10n ** BigInt(p); else den *= 10n ** BigInt(-p);
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return null;
}

/** Python's format(x, '.{p}f'). */
export function toFixedPy(x: number, p: number): string {
  const s = special(x);
  if (s !== null) return s;
  const digits = scaledRound(x, p).toString().padStart(p + 1, '0');
  const body = p > 0 ? `${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p)}` : digits;
  return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
}

/** Python's format(x, '.{p}e'). */
export function toExponentialPy(x: number, p: number): string {
  const s = special(x);
  if (s !== null) return s;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let e = 0;
  let digits: string;
  if (x === 0) {
    digits = '0'.repeat(p + 1);
  } else {
    e = Math.floor(Math.log10(Math.abs(x)));
    digits = scaledRound(x, p - e).toString();
    // log10 can be off by one near powers of ten, and rounding can carry into a new digit.
    if (digits.length > p + 1) { e += 1; digits = scaledRound(x, p - e).toString(); }
    if (digits.length < p + 1) { e -= 1; digits = scaledRound(x, p - e).toString(); }
    if (digits.length > p + 1) { e += 1; digits = scaledRound(x, p - e).toString(); }
  }
  const mant = p > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
