// The loops of the host var / std node (variance.ts) and of the float64 sum / mean / norm (sum64.ts), one per
// layout of the reduced elements. Every output's elements are visited in row-major order, so each float64 /
// float32 accumulation adds in the same order as the generic path (an output index per element) and gives the
// same bits; the direct layouts only skip that index.
//   rows:     x viewed as [a, m, b], the m axis reduced: output (i, k) gathers x[i, ·, k] (a reduction over the
//             leading dims is a = 1, over the trailing ones b = 1);
//   columns:  x viewed as [a, m, b], the a and b axes reduced: output j gathers x[·, j, ·];
//   index:    any other set of axes, through a per-element output index.

export interface Layout {
  kind: 'rows' | 'columns' | 'index';
  a: number; m: number; b: number;
  /** Output index of each element (row-major), for 'index' only. */
  at: Int32Array | null;
  /** Number of outputs, and of elements reduced into each. */
  outer: number; n: number;
}

/** The layout of a reduction of `shape` over `axes` (distinct, normalised); `generic` forces the index. */
export function layoutOf(shape: readonly number[], axes: readonly number[], generic = false): Layout {
  // Size-1 dims move no element, so adjacent dims of one kind merge across them.
  const sizes: number[] = [], reduced: boolean[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const r = axes.includes(i);
    if (reduced.length > 0 && reduced[reduced.length - 1] === r) sizes[sizes.length - 1] *= shape[i];
    else { sizes.push(shape[i]); reduced.push(r); }
  }
  let size = 1, outer = 1;
  for (let i = 0; i < sizes.length; i++) { size *= sizes[i]; if (!reduced[i]) outer *= sizes[i]; }
  const n = outer === 0 ? 0 : size / outer;
  const rows = (a: number, m: number, b: number): Layout => ({ kind: 'rows', a, m, b, at: null, outer, n });
  const g = generic ? -1 : sizes.length;
  if (g === 0) return rows(1, 1, 1);
  if (g === 1) return reduced[0] ? rows(1, sizes[0], 1) : rows(1, 1, sizes[0]);
  if (g === 2) return reduced[0] ? rows(1, sizes[0], sizes[1]) : rows(sizes[0], sizes[1], 1);
  if (g === 3 && reduced[1]) return rows(sizes[0], sizes[1], sizes[2]);
  if (g === 3) return { kind: 'columns', a: sizes[0], m: sizes[1], b: sizes[2], at: null, outer, n };
  return { kind: 'index', a: 0, m: 0, b: 0, at: outputIndex(shape, axes, size), outer, n };
}

/** For each element of `shape` in row-major order, the index of its element in the reduction over `axes`. */
function outputIndex(shape: readonly number[], axes: readonly number[], size: number): Int32Array {
  const rank = shape.length;
  const ostr = new Array<number>(rank).fill(0);
  let outer = 1;
  for (let i = rank - 1; i >= 0; i--) if (!axes.includes(i)) { ostr[i] = outer; outer *= shape[i]; }
  const at = new Int32Array(size);
  const ctr = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    at[i] = o;
    for (let d = rank - 1; d >= 0; d--) {
      o += ostr[d];
      if (++ctr[d] < shape[d]) break;
      o -= ostr[d] * shape[d];
      ctr[d] = 0;
    }
  }
  return at;
}

/** Elements of one [m, b] block up to which a reduction over m walks down columns (strided, in cache). */
const DOWN_COLUMNS = 1 << 15;

/** Σ v per output into acc (zeroed by the caller), in float64. */
function sums(v: ArrayLike<number>, L: Layout, acc: Float64Array): void {
  const { a, m, b, at } = L;
  if (at) for (let i = 0; i < v.length; i++) acc[at[i]] += v[i];
  else if (L.kind === 'columns') {
    for (let i = 0, p = 0; i < a; i++) {
      for (let j = 0; j < m; j++, p += b) {
        let s = acc[j];
        for (let q = p; q < p + b; q++) s += v[q];
        acc[j] = s;
      }
    }
  } else if (b === 1) {
    // Contiguous segments: one running sum each (starting from acc's +0, as acc[o] += v would).
    for (let i = 0, p = 0; i < a; i++, p += m) {
      let s = 0;
      for (let q = p; q < p + m; q++) s += v[q];
      acc[i] = s;
    }
  } else if (m * b <= DOWN_COLUMNS) {
    // Down each column with a running sum: twice as fast as adding whole rows into acc while x fits in cache.
    // Four columns at a time: four independent chains of adds (each still in row order, so the same sums) whose
    // latencies overlap; one chain alone waits for every add.
    for (let i = 0; i < a; i++) {
      const p = i * m * b, e = p + m * b;
      let k = 0;
      for (; k + 4 <= b; k += 4) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let q = p + k; q < e; q += b) { s0 += v[q]; s1 += v[q + 1]; s2 += v[q + 2]; s3 += v[q + 3]; }
        const o = i * b + k;
        acc[o] = s0; acc[o + 1] = s1; acc[o + 2] = s2; acc[o + 3] = s3;
      }
      for (; k < b; k++) {
        let s = 0;
        for (let q = p + k; q < e; q += b) s += v[q];
        acc[i * b + k] = s;
      }
    }
  } else {
    for (let i = 0, p = 0; i < a; i++) {
      const o0 = i * b;
      for (let j = 0; j < m; j++, p += b) for (let k = 0; k < b; k++) acc[o0 + k] += v[p + k];
    }
  }
}

/** Σ round32(round32(v − μ)²) per output into acc (zeroed by the caller), in float64. */
function squares(v: Float32Array, L: Layout, mu: Float32Array, acc: Float64Array): void {
  const { a, m, b, at } = L;
  if (at) for (let i = 0; i < v.length; i++) { const d = Math.fround(v[i] - mu[at[i]]); acc[at[i]] += Math.fround(d * d); }
  else if (L.kind === 'columns') {
    for (let i = 0, p = 0; i < a; i++) {
      for (let j = 0; j < m; j++, p += b) {
        const u = mu[j];
        let s = acc[j];
        for (let q = p; q < p + b; q++) { const d = Math.fround(v[q] - u); s += Math.fround(d * d); }
        acc[j] = s;
      }
    }
  } else if (b === 1) {
    for (let i = 0, p = 0; i < a; i++, p += m) {
      const u = mu[i];
      let s = 0;
      for (let q = p; q < p + m; q++) { const d = Math.fround(v[q] - u); s += Math.fround(d * d); }
      acc[i] = s;
    }
  } else if (m * b <= DOWN_COLUMNS) {
    // Four columns at a time, as in sums.
    for (let i = 0; i < a; i++) {
      const p = i * m * b, e = p + m * b;
      let k = 0;
      for (; k + 4 <= b; k += 4) {
        const o = i * b + k, u0 = mu[o], u1 = mu[o + 1], u2 = mu[o + 2], u3 = mu[o + 3];
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let q = p + k; q < e; q += b) {
          const d0 = Math.fround(v[q] - u0), d1 = Math.fround(v[q + 1] - u1);
          const d2 = Math.fround(v[q + 2] - u2), d3 = Math.fround(v[q + 3] - u3);
          s0 += Math.fround(d0 * d0); s1 += Math.fround(d1 * d1); s2 += Math.fround(d2 * d2); s3 += Math.fround(d3 * d3);
        }
        acc[o] = s0; acc[o + 1] = s1; acc[o + 2] = s2; acc[o + 3] = s3;
      }
      for (; k < b; k++) {
        const u = mu[i * b + k];
        let s = 0;
        for (let q = p + k; q < e; q += b) { const d = Math.fround(v[q] - u); s += Math.fround(d * d); }
        acc[i * b + k] = s;
      }
    }
  } else {
    for (let i = 0, p = 0; i < a; i++) {
      const o0 = i * b;
      for (let j = 0; j < m; j++, p += b) {
        for (let k = 0; k < b; k++) { const d = Math.fround(v[p + k] - mu[o0 + k]); acc[o0 + k] += Math.fround(d * d); }
      }
    }
  }
}

let acc64 = new Float64Array(64);

/** The float64 accumulators of `outer` outputs, zeroed: a scratch array valid until the next call here. */
function accumulators(outer: number): Float64Array {
  if (acc64.length < outer) acc64 = new Float64Array(outer);
  const acc = acc64.subarray(0, outer);
  acc.fill(0);
  return acc;
}

/**
 * Σ v per output in float64, each output's elements added in row-major order from +0 (sum64.ts's sum and mean;
 * its norm passes the squares). The result is scratch, valid until the next call into this file.
 */
export function sumsPerOutput(v: ArrayLike<number>, L: Layout): Float64Array {
  const acc = accumulators(L.outer);
  sums(v, L, acc);
  return acc;
}

/**
 * The variance of v per output: μ = Σv / n (rounded to float32) into mu, out = round32(Σ round32((v − μ)²)) / k,
 * its square root with `sqrt` (a double square root of a float32 value rounds to the float32 square root).
 */
export function varForward(v: Float32Array, L: Layout, k: number, sqrt: boolean, mu: Float32Array, out: Float32Array): void {
  const outer = L.outer, n = L.n;
  const acc = accumulators(outer);
  sums(v, L, acc);
  for (let o = 0; o < outer; o++) mu[o] = acc[o] / n;
  acc.fill(0);
  squares(v, L, mu, acc);
  for (let o = 0; o < outer; o++) out[o] = Math.fround(acc[o]) / k;
  if (sqrt) for (let o = 0; o < outer; o++) out[o] = Math.sqrt(out[o]);
}

/**
 * The gradient through x − μ: gx = g1 · round32((x − μ)·2) per element, and gmu (zeroed by the caller) = Σ −gx per
 * output added left to right in float32, as the wasm sum kernel adds.
 */
export function varBackward(xv: Float32Array, L: Layout, mu: Float32Array, g1: Float32Array, gx: Float32Array, gmu: Float32Array): void {
  const { a, m, b, at } = L;
  if (at) {
    for (let i = 0; i < xv.length; i++) {
      const o = at[i];
      gx[i] = g1[o] * Math.fround(Math.fround(xv[i] - mu[o]) * 2);
      gmu[o] = gmu[o] + -gx[i];
    }
  } else if (L.kind === 'columns') {
    for (let i = 0, p = 0; i < a; i++) {
      for (let j = 0; j < m; j++, p += b) {
        const u = mu[j], h = g1[j];
        let s = gmu[j];
        for (let q = p; q < p + b; q++) {
          const d = Math.fround(h * Math.fround(Math.fround(xv[q] - u) * 2));
          gx[q] = d;
          s = Math.fround(s + -d);
        }
        gmu[j] = s;
      }
    }
  } else if (b === 1) {
    for (let i = 0, p = 0; i < a; i++, p += m) {
      const u = mu[i], h = g1[i];
      let s = 0;
      for (let q = p; q < p + m; q++) {
        const d = Math.fround(h * Math.fround(Math.fround(xv[q] - u) * 2));
        gx[q] = d;
        s = Math.fround(s + -d);
      }
      gmu[i] = s;
    }
  } else if (m * b <= DOWN_COLUMNS) {
    // Four columns at a time, as in sums (four float32 chains).
    for (let i = 0; i < a; i++) {
      const p = i * m * b, e = p + m * b;
      let k = 0;
      for (; k + 4 <= b; k += 4) {
        const o = i * b + k;
        const u0 = mu[o], u1 = mu[o + 1], u2 = mu[o + 2], u3 = mu[o + 3];
        const h0 = g1[o], h1 = g1[o + 1], h2 = g1[o + 2], h3 = g1[o + 3];
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let q = p + k; q < e; q += b) {
          const d0 = Math.fround(h0 * Math.fround(Math.fround(xv[q] - u0) * 2));
          const d1 = Math.fround(h1 * Math.fround(Math.fround(xv[q + 1] - u1) * 2));
          const d2 = Math.fround(h2 * Math.fround(Math.fround(xv[q + 2] - u2) * 2));
          const d3 = Math.fround(h3 * Math.fround(Math.fround(xv[q + 3] - u3) * 2));
          gx[q] = d0; gx[q + 1] = d1; gx[q + 2] = d2; gx[q + 3] = d3;
          s0 = Math.fround(s0 + -d0); s1 = Math.fround(s1 + -d1); s2 = Math.fround(s2 + -d2); s3 = Math.fround(s3 + -d3);
        }
        gmu[o] = s0; gmu[o + 1] = s1; gmu[o + 2] = s2; gmu[o + 3] = s3;
      }
      for (; k < b; k++) {
        const o = i * b + k, u = mu[o], h = g1[o];
        let s = 0;
        for (let q = p + k; q < e; q += b) {
          const d = Math.fround(h * Math.fround(Math.fround(xv[q] - u) * 2));
          gx[q] = d;
          s = Math.fround(s + -d);
        }
        gmu[o] = s;
      }
    }
  } else {
    for (let i = 0, p = 0; i < a; i++) {
      const o0 = i * b;
      for (let j = 0; j < m; j++, p += b) {
        for (let k = 0; k < b; k++) {
          const o = o0 + k;
          const d = Math.fround(g1[o] * Math.fround(Math.fround(xv[p + k] - mu[o]) * 2));
          gx[p + k] = d;
          gmu[o] = gmu[o] + -d;
        }
      }
    }
  }
}

/** Spreads per-output values back over the elements they reduce (the broadcast of the mean's gradient). */
export function spread(L: Layout, per: Float32Array, out: Float32Array): void {
  const { a, m, b, at } = L;
  if (at) for (let i = 0; i < out.length; i++) out[i] = per[at[i]];
  else if (L.kind === 'columns') {
    for (let i = 0, p = 0; i < a; i++) for (let j = 0; j < m; j++, p += b) out.fill(per[j], p, p + b);
  } else if (b === 1) for (let i = 0; i < a; i++) out.fill(per[i], i * m, (i + 1) * m);
  else for (let i = 0, p = 0; i < a; i++) for (let j = 0; j < m; j++, p += b) out.set(per.subarray(i * b, (i + 1) * b), p);
}
