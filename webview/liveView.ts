// The array Chart.js draws for one dataset, kept in sync with a stored MinMaxSeries incrementally: new points
// are pushed (or the last bucket's points replaced) instead of rebuilding, and the whole array is rebuilt only
// when buckets merge, on zoom, or on resize. The array object stays the same so Chart.js keeps its reference.
import { MinMaxSeries, decimateForView, type Point } from '../src/protocol/minmax';

export class LiveView {
  /** Handed to Chart.js as dataset.data (parsing: false). */
  readonly data: Point[] = [];
  private disp: MinMaxSeries;
  private lastStart = 0;
  private lastCount = 0;
  private lastGen = 0;
  private range: [number, number] | undefined;
  private dirty = false;

  private pixels: number;

  constructor(private readonly src: MinMaxSeries, pixels = 800) {
    this.pixels = Math.max(50, Math.round(pixels));
    this.disp = this.freshDisplay();
    this.rebuild();
  }

  /** Call after pushing (x, y) to the source series. Returns true when `data` changed. */
  append(x: number, y: number): boolean {
    if (!Number.isFinite(y)) return false;
    if (this.range) {
      // Zoomed: points inside the window are rare (a live run grows to the right); rebuild lazily.
      if (x >= this.range[0] && x <= this.range[1]) this.dirty = true;
      return false;
    }
    const d = this.disp;
    d.push(x, y);
    if (d.generation !== this.lastGen) { this.fill(d.points()); return true; }
    if (d.count === this.lastCount) this.data.length = this.lastStart;
    else this.lastStart = this.data.length;
    d.bucketPoints(d.count - 1, this.data);
    this.lastCount = d.count;
    return true;
  }

  /** Zoom to [x0, x1], or follow the whole run with undefined. */
  setRange(range: [number, number] | undefined): void { this.range = range; this.rebuild(); }

  setPixels(pixels: number): void {
    const p = Math.max(50, Math.round(pixels));
    if (p === this.pixels) return;
    this.pixels = p; this.rebuild();
  }

  /** Rebuild if zoomed points arrived since the last call; true when `data` changed. */
  flush(): boolean {
    if (!this.dirty) return false;
    this.dirty = false; this.rebuild();
    return true;
  }

  rebuild(): void {
    if (this.range) { this.fill(decimateForView(this.src, this.range[0], this.range[1], this.pixels)); return; }
    this.disp = this.freshDisplay();
    const pts = this.src.points();
    for (const p of pts) this.disp.push(p.x, p.y);
    this.fill(this.disp.points());
  }

  private freshDisplay(): MinMaxSeries {
    // Two buckets (≤ 8 points) per pixel column: no visible loss, and a bounded array for Chart.js.
    const cap = 2 * this.pixels;
    return new MinMaxSeries(cap, this.src.width);
  }

  private fill(pts: Point[]): void {
    this.data.length = 0;
    for (let i = 0; i < pts.length; i++) this.data[i] = pts[i]; // not push: see MinMaxSeries.bucketPoints
    this.lastGen = this.disp.generation;
    this.lastCount = this.disp.count;
    // Start of the last bucket's points: recompute by walking back over points sharing its key.
    const w = this.disp.width, lastKey = this.disp.count ? Math.floor(this.disp.xMax / w) : NaN;
    let i = this.data.length;
    while (i > 0 && Math.floor(this.data[i - 1].x / w) === lastKey) i--;
    this.lastStart = i;
  }
}
