// The Lanczos iteration for the largest Hessian eigenvalue, on any Hessian-vector product: the built-in engine's
// probe (finite differences of its gradients) and the tfjs engine's (double backward through tfjs) share it.

export const dot = (a: Float64Array, b: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
export const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

/** Deterministic unit start vector (not torch's generator: the probe must not disturb the snippet's draws). */
export function startVector(n: number): Float64Array {
  let s = 0x9e3779b9;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; v[i] = s / 2 ** 32 - 0.5; }
  const k = norm(v);
  for (let i = 0; i < n; i++) v[i] /= k;
  return v;
}

/**
 * Largest eigenvalue of a symmetric operator by Lanczos with full reorthogonalisation: the top Ritz value
 * converges in tens of products where plain power iteration needs hundreds when the top eigenvalues are close
 * (the nn.Sequential seed net needs ~340 power steps for 1e-3). Stops when the top Ritz value changes by less
 * than `tol` (relative) between iterations, or after `maxIt` products.
 */
export function lanczosMax(op: (v: Float64Array) => Float64Array, v0: Float64Array, maxIt: number, tol: number):
  { lambda: number; iterations: number; converged: boolean } {
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = v0;
  let prev = NaN;
  for (let k = 1; k <= maxIt; k++) {
    basis.push(v);
    const w = op(v);
    const a = dot(w, v);
    alpha.push(a);
    // Full reorthogonalisation against every earlier vector keeps the Ritz values honest in floating point.
    for (const q of basis) { const c = dot(w, q); for (let i = 0; i < w.length; i++) w[i] -= c * q[i]; }
    const b = norm(w);
    const top = tridiagonalMax(alpha, beta);
    if (!Number.isFinite(top)) return { lambda: top, iterations: k, converged: false };
    if (Number.isFinite(prev) && Math.abs(top - prev) <= tol * Math.abs(top)) return { lambda: top, iterations: k, converged: true };
    prev = top;
    if (!(b > 1e-12 * Math.abs(a)) || k === w.length) return { lambda: top, iterations: k, converged: true };
    beta.push(b);
    v = w.map((x) => x / b);
  }
  return { lambda: prev, iterations: maxIt, converged: false };
}

/** Largest eigenvalue of the symmetric tridiagonal matrix (diag alpha, off-diag beta) by Sturm bisection. */
export function tridiagonalMax(alpha: readonly number[], beta: readonly number[]): number {
  const n = alpha.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < n - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  // Number of eigenvalues smaller than x (Sturm sequence of the LDLᵀ pivots).
  const below = (x: number): number => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < n; i++) {
      d = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(Math.abs(lo), Math.abs(hi), 1e-300); i++) {
    const mid = (lo + hi) / 2;
    if (below(mid) >= n) hi = mid; else lo = mid;
  }
  return (lo + hi) / 2;
}
