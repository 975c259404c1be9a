// Bounded min–max decimation. A series keeps at most `cap` buckets; each bucket covers `width` consecutive steps
// and keeps its first, min, max and last point, so a spike is never hidden and the curve's ends are exact.
// When the buckets run out, neighbours merge pairwise and the width doubles: memory stays O(cap) for any run
// length, and appending stays O(1) amortised. Pure (no DOM): unit-tested and timed in node.

export interface Point { x: number; y: number }

/** Field offsets inside one bucket's slot (8 numbers): first, min, max, last as (x, y) pairs. */
const FX = 0, FY = 1, NX = 2, NY = 3, MX = 4, MY = 5, LX = 6, LY = 7, SLOT = 8;

export interface SerializedSeries { width: number; keys: number[]; slots: number[] }

export class MinMaxSeries {
  private keys: Float64Array;
  private slots: Float64Array;
  private n = 0;
  /** Steps per bucket (a power of two); bucket key = floor(x / width). */
  width: number;
  /** Bumped whenever existing buckets are rewritten wholesale (merge), so views know to rebuild. */
  generation = 0;
  /** Number of finite points ever pushed. */
  total = 0;

  constructor(readonly cap = 4096, width = 1) {
    if (cap < 2 || cap % 2) throw new Error(`MinMaxSeries cap must be an even number ≥ 2, got ${cap}`);
    this.keys = new Float64Array(cap);
    this.slots = new Float64Array(cap * SLOT);
    this.width = width;
  }

  get count(): number { return this.n; }

  /** Non-finite y is not a point (log scales and min/max break on it); non-finite events are marked elsewhere. */
  push(x: number, y: number): void {
    if (!Number.isFinite(y) || !Number.isFinite(x)) return;
    this.total++;
    let k = Math.floor(x / this.width);
    if (this.n > 0 && this.keys[this.n - 1] === k) { this.extend(this.n - 1, x, y); return; }
    if (this.n === this.cap) {
      // Sparse keys may not pair up on the first merge; keep halving until a slot frees.
      while (this.n === this.cap) this.merge();
      k = Math.floor(x / this.width);
      if (this.keys[this.n - 1] === k) { this.extend(this.n - 1, x, y); return; }
    }
    const o = this.n * SLOT, s = this.slots;
    this.keys[this.n++] = k;
    s[o + FX] = s[o + NX] = s[o + MX] = s[o + LX] = x;
    s[o + FY] = s[o + NY] = s[o + MY] = s[o + LY] = y;
  }

  /** The bucket's distinct points in x order (1 to 4 of them). */
  bucketPoints(i: number, out: Point[]): void {
    const s = this.slots, o = i * SLOT;
    // first ≤ min, max ≤ last in x; min and max may come in either order.
    const ax = s[o + NX] <= s[o + MX] ? NX : MX, bx = ax === NX ? MX : NX;
    let lastX = NaN;
    for (const f of [FX, ax, bx, LX]) {
      const x = s[o + f];
      // Index writes, not push: Chart.js wraps push on its data arrays with per-call bookkeeping that made
      // appends quadratic; it picks up length changes on the next update() anyway.
      if (x !== lastX) { out[out.length] = { x, y: s[o + f + 1] }; lastX = x; }
    }
  }

  /** All stored points in x order. */
  points(): Point[] {
    const out: Point[] = [];
    for (let i = 0; i < this.n; i++) this.bucketPoints(i, out);
    return out;
  }

  /** Index of the first bucket whose last x ≥ x (binary search; buckets are in x order). */
  lowerBound(x: number): number {
    let lo = 0, hi = this.n;
    while (lo < hi) { const m = (lo + hi) >> 1; if (this.slots[m * SLOT + LX] < x) lo = m + 1; else hi = m; }
    return lo;
  }

  get xMin(): number { return this.n ? this.slots[FX] : NaN; }
  get xMax(): number { return this.n ? this.slots[(this.n - 1) * SLOT + LX] : NaN; }
  /** The most recent finite value (exact: a bucket's last point is kept as is). */
  get lastY(): number { return this.n ? this.slots[(this.n - 1) * SLOT + LY] : NaN; }

  /** Min and max y over buckets overlapping [x0, x1] (for axis limits). */
  yRange(x0 = -Infinity, x1 = Infinity): [number, number] {
    let lo = Infinity, hi = -Infinity;
    for (let i = this.lowerBound(x0); i < this.n && this.slots[i * SLOT + FX] <= x1; i++) {
      lo = Math.min(lo, this.slots[i * SLOT + NY]); hi = Math.max(hi, this.slots[i * SLOT + MY]);
    }
    return [lo, hi];
  }

  /** Merge pairs until at most `maxBuckets` remain (used to shrink a copy for saved state). */
  shrinkTo(maxBuckets: number): void { while (this.n > maxBuckets) this.merge(); }

  clone(cap = this.cap): MinMaxSeries {
    const c = new MinMaxSeries(Math.max(cap, this.n + (this.n % 2)), this.width);
    c.keys.set(this.keys.subarray(0, this.n)); c.slots.set(this.slots.subarray(0, this.n * SLOT));
    c.n = this.n; c.total = this.total;
    return c;
  }

  serialize(): SerializedSeries {
    return { width: this.width, keys: Array.from(this.keys.subarray(0, this.n)), slots: Array.from(this.slots.subarray(0, this.n * SLOT)) };
  }

  static deserialize(d: SerializedSeries, cap = 4096): MinMaxSeries {
    const n = d.keys.length;
    if (d.slots.length !== n * SLOT) throw new Error('MinMaxSeries: corrupt saved series');
    const s = new MinMaxSeries(Math.max(cap, n + (n % 2)), d.width);
    s.keys.set(d.keys); s.slots.set(d.slots); s.n = n; s.total = n;
    return s;
  }

  private extend(i: number, x: number, y: number): void {
    const s = this.slots, o = i * SLOT;
    if (y < s[o + NY]) { s[o + NX] = x; s[o + NY] = y; }
    if (y > s[o + MY]) { s[o + MX] = x; s[o + MY] = y; }
    s[o + LX] = x; s[o + LY] = y;
  }

  /** Halve resolution in place: buckets 2k and 2k+1 of the doubled width become one. */
  private merge(): void {
    this.width *= 2;
    const s = this.slots, keys = this.keys;
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const k = Math.floor(keys[r] / 2), ro = r * SLOT;
      if (w > 0 && keys[w - 1] === k) {
        const o = (w - 1) * SLOT;
        if (s[ro + NY] < s[o + NY]) { s[o + NX] = s[ro + NX]; s[o + NY] = s[ro + NY]; }
        if (s[ro + MY] > s[o + MY]) { s[o + MX] = s[ro + MX]; s[o + MY] = s[ro + MY]; }
        s[o + LX] = s[ro + LX]; s[o + LY] = s[ro + LY];
      } else {
        if (w !== r) s.copyWithin(w * SLOT, ro, ro + SLOT);
        keys[w++] = k;
      }
    }
    this.n = w;
    this.generation++;
  }
}

/**
 * Re-bucket a stored series for a view: the points within [x0, x1] (plus one neighbour each side so the line
 * runs off the edges) decimated to at most ~4 points per pixel column. Used on zoom and resize.
 */
export function decimateForView(src: MinMaxSeries, x0: number, x1: number, pixels: number): Point[] {
  const cap = Math.max(2, 2 * Math.ceil(pixels));
  const view = new MinMaxSeries(cap + (cap % 2), Math.max(src.width, pow2AtLeast((x1 - x0) / Math.max(1, pixels))));
  const pts: Point[] = [];
  const from = Math.max(0, src.lowerBound(x0) - 1);
  for (let i = from; i < src.count; i++) {
    const before = pts.length;
    src.bucketPoints(i, pts);
    if (pts[before].x > x1) break; // includes the first bucket past the edge, then stops
  }
  for (const p of pts) view.push(p.x, p.y);
  return view.points();
}

export function pow2AtLeast(v: number): number {
  let p = 1;
  while (p < v) p *= 2;
  return p;
}
