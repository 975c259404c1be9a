// NumPy's printing of arrays (np.array2string defaults: precision 8, floatmode 'maxprec', linewidth 75,
// summarised past 1000 elements) and of float32 scalars.
import { floatRepr } from '../../python/format';
import type { NpDtype } from './dtype';

/** NumPy's shortest repr of a float32 (the fewest digits that round-trip in float32). */
export function float32Repr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let p = 1;
  while (p < 9 && Math.fround(Number(v.toPrecision(p))) !== v) p++;
  const a = Math.abs(v);
  if (v !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = Number(v.toPrecision(p)).toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(Number(v.toPrecision(p)));
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** Shortest decimal digits of v that round-trip in its dtype: [digits, exponent10] (v = 0.d1d2… × 10^e). */
function shortest(v: number, f32: boolean): string {
  if (!f32) return Math.abs(v).toExponential(); // JS gives the shortest round-trip digits for doubles
  let p = 1;
  while (p < 9 && Math.fround(Number(Math.abs(v).toExponential(p - 1))) !== Math.abs(v)) p++;
  return Math.abs(v).toExponential(p - 1);
}

function positional(v: number, f32: boolean, precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const [m, e] = shortest(v, f32).split('e');
  const digits = m.replace('.', '');
  const exp = Number(e);
  let s: string;
  if (exp >= 0) {
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    s = `${int}.${frac}`;
  } else s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  const [ip, fp] = s.split('.');
  let frac = fp;
  if (frac.length > precision) {
    // more digits than the precision: round the value itself to `precision` decimals
    const r = Math.abs(v).toFixed(precision);
    const [i2, f2] = r.split('.');
    return `${v < 0 || Object.is(v, -0) ? '-' : ''}${i2}.${f2.replace(/0+$/, '')}`;
  }
  frac = frac.replace(/0+$/, '');
  return `${v < 0 || Object.is(v, -0) ? '-' : ''}${ip}.${frac}`;
}

function scientific(v: number, f32: boolean, precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  let [m, e] = shortest(v, f32).split('e');
  if (m.replace('.', '').length - 1 > precision) [m, e] = Math.abs(v).toExponential(precision).split('e');
  const [ip, fp = ''] = m.split('.');
  const exp = Number(e);
  return `${v < 0 ? '-' : ''}${ip}.${fp.replace(/0+$/, '')}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** The formatted cells of a float array, padded to one width as NumPy does. */
function floatCells(vals: number[], f32: boolean): string[] {
  const finite = vals.filter((v) => Number.isFinite(v)).map(Math.abs);
  const nz = finite.filter((v) => v !== 0);
  const max = finite.length ? Math.max(...finite) : 0;
  const minNz = nz.length ? Math.min(...nz) : 0;
  const exp = nz.length > 0 && (max >= 1e8 || minNz < 1e-4 || max / minNz > 1e3);
  let cells = vals.map((v) => (exp ? scientific(v, f32, 8) : positional(v, f32, 8)));
  if (exp) {
    const mant = (c: string) => (c.includes('e') ? c.slice(c.indexOf('.') + 1, c.indexOf('e')).length : 0);
    const fl = Math.max(...cells.map(mant));
    cells = cells.map((c) => (c.includes('e') ? c.replace(/\.(\d*)e/, (_x, d: string) => `.${d.padEnd(fl, '0')}e`) : c));
  } else {
    const fracLen = (c: string) => (c.includes('.') ? c.length - c.indexOf('.') - 1 : 0);
    const fl = Math.max(...cells.map(fracLen));
    cells = cells.map((c) => (c.includes('.') ? c + ' '.repeat(fl - fracLen(c)) : c + ' '.repeat(fl + 1)));
  }
  return cells;
}

export function elementCells(vals: number[], dtype: NpDtype): string[] {
  if (dtype === 'bool') return vals.map((v) => (v ? 'True' : 'False'));
  if (dtype === 'float64' || dtype === 'float32' || dtype === 'float16') return floatCells(vals, dtype !== 'float64');
  return vals.map((v) => String(v));
}

/** array2string (NumPy's _formatArray): `sep` ' ' for str, ', ' for repr; `prefixLen` columns of 'array(' for repr. */
export function renderArray(vals: number[], shape: number[], dtype: NpDtype, sep: string, prefixLen: number, suffixLen = 0): string {
  if (shape.length === 0) return elementCells(vals, dtype)[0].trim();
  const summarise = vals.length > 1000;
  const edge = 3;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const shown = (n: number) => (summarise && n > 2 * edge ? [...Array(edge).keys(), ...Array.from({ length: edge }, (_, i) => n - edge + i)] : [...Array(n).keys()]);
  const picked: number[] = [];
  const offsets = new Map<number, number>();
  const collect = (d: number, off: number) => {
    for (const i of shown(shape[d])) {
      const o = off + i * strides[d];
      if (d === shape.length - 1) { offsets.set(o, picked.length); picked.push(vals[o]); } else collect(d + 1, o);
    }
  };
  collect(0, 0);
  let cells = elementCells(picked, dtype);
  const w = Math.max(...cells.map((c) => c.length));
  cells = cells.map((c) => c.padStart(w));
  const lineWidth = 75 - suffixLen;
  const extend = (acc: { s: string; line: string }, word: string, width: number, prefix: string) => {
    if (acc.line.length + word.length > width && acc.line.length > prefix.length) {
      acc.s += acc.line.trimEnd() + '\n';
      acc.line = prefix;
    }
    acc.line += word;
  };
  const rec = (d: number, off: number, hanging: string, width: number): string => {
    const n = shape[d];
    const cut = summarise && n > 2 * edge;
    const idx = cut ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    const nextHanging = hanging + ' ';
    const nextWidth = width - 1;
    let s = '';
    if (d === shape.length - 1) {
      const acc = { s: '', line: hanging };
      const elemWidth = width - sep.trimEnd().length;
      idx.forEach((i, j) => {
        const word = i < 0 ? '...' : cells[offsets.get(off + i)!];
        const last = j === idx.length - 1;
        extend(acc, word, elemWidth, hanging);
        if (!last) acc.line += sep;
      });
      s = acc.s + acc.line;
    } else {
      const lineSep = sep.trimEnd() + '\n'.repeat(shape.length - d - 1);
      idx.forEach((i, j) => {
        const nested = i < 0 ? '...' : rec(d + 1, off + i * strides[d], nextHanging, nextWidth);
        s += hanging + nested + (j < idx.length - 1 ? lineSep : '');
      });
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return rec(0, 0, ' '.repeat(prefixLen + 1), lineWidth);
}

/** str() of a NumPy scalar of this dtype (np.float64 prints as Python's float). */
export function scalarStr(v: number, dtype: NpDtype): string {
  if (dtype === 'float64') return floatRepr(v);
  if (dtype === 'float32' || dtype === 'float16') return float32Repr(v);
  if (dtype === 'bool') return v ? 'True' : 'False';
  return String(v);
}
