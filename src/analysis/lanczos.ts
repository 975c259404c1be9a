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
 * Largest (algebraic) eigenvalue of a symmetric operator by Lanczos with full reorthogonalisation: the top Ritz
 * value converges in tens of products where plain power iteration needs hundreds when the top eigenvalues are close
 * (the nn.Sequential seed net needs ~340 power steps for 1e-3), and a negative eigenvalue of larger magnitude does
 * not capture it. Stops when the Ritz residual ‖Hy − θy‖ = β_k·|y_k| is at most `tol`·|θ| (θ is then within that
 * of an eigenvalue, and usually far closer), or after `maxIt` products.
 */
export function lanczosMax(op: (v: Float64Array) => Float64Array, v0: Float64Array, maxIt: number, tol: number):
  { lambda: number; iterations: number; converged: boolean } {
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = v0;
  let top = NaN;
  for (let k = 1; k <= maxIt; k++) {
    basis.push(v);
    const w = op(v);
    const a = dot(w, v);
    alpha.push(a);
    // Full reorthogonalisation, twice ("twice is enough"), keeps the Ritz values honest in floating point.
    for (let pass = 0; pass < 2; pass++) for (const q of basis) { const c = dot(w, q); for (let i = 0; i < w.length; i++) w[i] -= c * q[i]; }
    const b = norm(w);
    top = tridiagonalMax(alpha, beta);
    if (!Number.isFinite(top)) return { lambda: top, iterations: k, converged: false };
    const residual = b * Math.abs(lastComponent(alpha, beta, top));
    if (residual <= tol * Math.abs(top) || !(b > 1e-12 * Math.abs(a)) || k === w.length) return { lambda: top, iterations: k, converged: true };
    beta.push(b);
    v = w.map((x) => x / b);
  }
  return { lambda: top, iterations: maxIt, converged: false };
}

/**
 * The last component of the unit eigenvector of the tridiagonal matrix (diag alpha, off-diag beta) for its
 * eigenvalue θ, by two steps of inverse iteration (dense elimination with partial pivoting: k is at most a few
 * hundred).
 */
export function lastComponent(alpha: readonly number[], beta: readonly number[], theta: number): number {
  const n = alpha.length;
  if (n === 1) return 1;
  const scale = Math.max(...alpha.map(Math.abs), ...beta.map(Math.abs), 1e-300);
  const shift = theta + scale * 1e-10; // just off the eigenvalue: the system is nearly singular, as inverse iteration wants
  let y: number[] = Array.from({ length: n }, () => 1);
  for (let it = 0; it < 2; it++) {
    const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) =>
      (i === j ? alpha[i] - shift : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)));
    const r = [...y];
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let i = c + 1; i < n; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
      [m[c], m[p]] = [m[p], m[c]];
      [r[c], r[p]] = [r[p], r[c]];
      if (m[c][c] === 0) m[c][c] = scale * 1e-300;
      for (let i = c + 1; i < n; i++) {
        const f = m[i][c] / m[c][c];
        if (f === 0) continue;
        for (let j = c; j < n; j++) m[i][j] -= f * m[c][j];
        r[i] -= f * r[c];
      }
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = r[i];
      for (let j = i + 1; j < n; j++) s -= m[i][j] * x[j];
      x[i] = s / m[i][i];
    }
    const k = Math.hypot(...x);
    y = x.map((e) => e / k);
  }
  return y[n - 1];
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
