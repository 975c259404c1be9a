// Python/PyTorch indexing: ints, slices (with steps), None, Ellipsis, bool masks and long index tensors, read
// and assignment. One general mechanism: the index expression is turned into flat offsets into the input
// (row-major over the result), so reading is a gather and its backward a scatter-add (duplicates sum).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, inplace, type OpDef } from '../autograd';
import { EngineError, Tensor } from '../tensor';
import { broadcastShapes, num, reshapeTo, type Scalar } from './util';
import { expand } from './shape';
import { where } from './elementwise';
import { hostGather, hostScatterAdd, isRunBlocks, type Blocks } from './hostGather';

/** Python's `...` (the same registered symbol the interpreter uses). */
export const ELLIPSIS = Symbol.for('python.Ellipsis');
export class Slice {
  constructor(public start: number | null = null, public stop: number | null = null, public step: number | null = null) {}
}
/** One item of an index expression: int, slice, None (null), Ellipsis, bool, or an int64/bool Tensor. */
export type IndexItem = number | Slice | null | typeof ELLIPSIS | Tensor | boolean;

interface Plan { outShape: number[]; flat: Int32Array }

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

function sliceIndices(sl: Slice, size: number): number[] {
  const step = sl.step ?? 1;
  if (step <= 0) throw new EngineError('ValueError', 'step must be greater than zero');
  const clampIdx = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const a = clampIdx(sl.start, 0), b = clampIdx(sl.stop, size);
  const out: number[] = [];
  for (let i = a; i < b; i += step) out.push(i);
  return out;
}

type Adv = { vals: Float32Array | number[]; shape: number[]; dim: number };

/** Turns an index expression into the result shape and flat input offsets. */
export function planIndex(shape: readonly number[], items: readonly IndexItem[]): Plan {
  const hasTensor = items.some((it) => it instanceof Tensor);
  // Expand bool masks into one long index per masked dim (nonzero), and Ellipsis into full slices.
  const ex: (number | Slice | null | Adv)[] = [];
  let consumed = 0;
  for (const it of items) {
    if (it instanceof Tensor) consumed += it.dtype === 'bool' ? Math.max(it.ndim, 1) : 1;
    else if (it !== null && it !== ELLIPSIS && typeof it !== 'boolean') consumed += 1;
  }
  if (consumed > shape.length) throw new EngineError('IndexError', `too many indices for tensor of dimension ${shape.length}`);
  let dim = 0;
  let sawEllipsis = false;
  for (const it of items) {
    if (it === ELLIPSIS) {
      if (sawEllipsis) throw new EngineError('IndexError', 'an index can only have a single ellipsis (\'...\')');
      sawEllipsis = true;
      for (let k = 0; k < shape.length - consumed; k++) ex.push(new Slice());
      dim += shape.length - consumed;
    } else if (it === null) ex.push(null);
    else if (typeof it === 'boolean') ex.push(null); // x[True] adds a dim; x[False] is rare and unsupported
    else if (it instanceof Slice) { ex.push(it); dim++; }
    else if (typeof it === 'number') {
      if (hasTensor) ex.push({ vals: [it], shape: [], dim });
      else ex.push(it);
      dim++;
    } else if (it.dtype === 'bool') {
      const m = it.toArray();
      const ms = it.shape;
      for (let k = 0; k < ms.length; k++) {
        if (ms[k] !== shape[dim + k]) {
          throw new EngineError('IndexError', `The shape of the mask [${ms.join(', ')}] at index ${k} does not match the shape of the indexed tensor [${shape.join(', ')}] at index ${dim + k}`);
        }
      }
      const st = strides(ms);
      const hits: number[] = [];
      for (let i = 0; i < m.length; i++) if (m[i] !== 0) hits.push(i);
      if (ms.length === 0) { ex.push(null); continue; } // 0-d mask: x[True]
      for (let k = 0; k < ms.length; k++) {
        ex.push({ vals: hits.map((h) => Math.floor(h / st[k]) % ms[k]), shape: [hits.length], dim: dim + k });
      }
      dim += ms.length;
    } else {
      if (it.isFloatingPoint()) throw new EngineError('IndexError', 'tensors used as indices must be long, int, byte or bool tensors');
      ex.push({ vals: it.toArray(), shape: it.shape, dim });
      dim++;
    }
  }
  while (dim < shape.length) { ex.push(new Slice()); dim++; }

  const st = strides(shape);
  let base = 0;
  const entries: { dims: number[]; offs: Int32Array }[] = [];
  const advs: Adv[] = [];
  let advPos = -1;
  let advContiguous = true;
  let lastWasAdv = false;
  let d = 0;
  for (const e of ex) {
    if (e === null) { entries.push({ dims: [1], offs: new Int32Array(1) }); lastWasAdv = false; continue; }
    if (typeof e === 'number') {
      const size = shape[d];
      const i = e < 0 ? e + size : e;
      if (i < 0 || i >= size) throw new EngineError('IndexError', `index ${e} is out of bounds for dimension ${d} with size ${size}`);
      base += i * st[d];
      d++;
      continue;
    }
    if (e instanceof Slice) {
      const idx = sliceIndices(e, shape[d]);
      entries.push({ dims: [idx.length], offs: Int32Array.from(idx, (i) => i * st[d]) });
      d++;
      lastWasAdv = false;
      continue;
    }
    if (advPos < 0) advPos = entries.length;
    else if (!lastWasAdv) advContiguous = false;
    advs.push(e);
    lastWasAdv = true;
    d++;
  }
  if (advs.length > 0) {
    let bshape: number[] = [];
    for (const a of advs) bshape = broadcastShapes(bshape, a.shape);
    const n = bshape.reduce((p, q) => p * q, 1);
    const offs = new Int32Array(n);
    const bst = strides(bshape);
    for (const a of advs) {
      const size = shape[a.dim];
      const ast = strides(a.shape);
      const lead = bshape.length - a.shape.length;
      for (let j = 0; j < n; j++) {
        let src = 0;
        for (let k = 0; k < a.shape.length; k++) {
          if (a.shape[k] !== 1) src += (Math.floor(j / bst[k + lead]) % bshape[k + lead]) * ast[k];
        }
        let v = a.vals[src];
        if (v < -size || v >= size) throw new EngineError('IndexError', `index ${v} is out of bounds for dimension ${a.dim} with size ${size}`);
        if (v < 0) v += size;
        offs[j] += v * st[a.dim];
      }
    }
    entries.splice(advContiguous ? advPos : 0, 0, { dims: bshape, offs });
  }
  const outShape = entries.flatMap((e) => e.dims);
  const total = entries.reduce((p, e) => p * e.offs.length, 1);
  const flat = new Int32Array(total);
  // Odometer over the entries but the last (row-major); the last entry's offsets are written in one tight loop.
  const k = entries.length;
  if (k === 0) { flat[0] = base; return { outShape, flat }; }
  const last = entries[k - 1].offs, m = last.length;
  const ctr = new Array<number>(k - 1).fill(0);
  const partial = new Array<number>(k).fill(base);
  for (let i = 0; i < k - 1; i++) partial[i + 1] = partial[i] + (entries[i].offs[0] ?? 0);
  for (let o = 0; o < total; o += m) {
    const b = partial[k - 1];
    for (let q = 0; q < m; q++) flat[o + q] = b + last[q];
    let j = k - 2;
    while (j >= 0) {
      ctr[j]++;
      if (ctr[j] < entries[j].offs.length) break;
      ctr[j] = 0;
      j--;
    }
    if (j < 0) break;
    for (let i = j; i < k - 1; i++) partial[i + 1] = partial[i] + entries[i].offs[ctr[i]];
  }
  return { outShape, flat };
}

/**
 * A planned read: `flat` holds the input offset of each result element, `blocks` the same as blocks of consecutive
 * elements. Either may be given; the other is derived when needed (a plain row index never builds `flat`).
 */
type GatherP = { flat?: Int32Array; blocks?: Blocks; outShape: number[] };

/** The plan's element offsets (built from its blocks when it has none yet). */
function flatOf(p: GatherP): Int32Array {
  if (p.flat) return p.flat;
  const { starts, m } = p.blocks!;
  const flat = new Int32Array(starts.length * m);
  for (let b = 0, o = 0; b < starts.length; b++) for (let q = 0; q < m; q++) flat[o++] = starts[b] + q;
  return (p.flat = flat);
}
/** The plan as blocks: whole rows of an input of `shape` when the offsets pick rows, else single elements. */
function blocksOf(p: GatherP, shape: readonly number[]): Blocks {
  if (p.blocks) return p.blocks;
  const flat = p.flat!;
  if (isRun(flat)) return (p.blocks = { starts: flat.subarray(0, 1), m: flat.length });
  const rows = rowIndices(flat, shape);
  if (!rows) return (p.blocks = { starts: flat, m: 1 });
  const m = flat.length / rows.length;
  for (let b = 0; b < rows.length; b++) rows[b] *= m;
  return (p.blocks = { starts: rows, m });
}

const Gather: OpDef<GatherP> = defineOp<GatherP>({
  name: 'IndexBackward0',
  forward: (_c, [x], p) => hostGather(x, blocksOf(p, x.shape), p.outShape) ?? gatherTf(x, flatOf(p), p.outShape),
  backward: (n, g) => {
    const shape = n.inShapes[0];
    const b = blocksOf(n.p, shape);
    return [hostScatterAdd(g, b, shape, isRunBlocks(b)) ?? scatterTf(g, flatOf(n.p), shape)];
  },
  backwardT: (n, g) => [apply(ScatterAdd, [g], { flat: n.p.flat, blocks: n.p.blocks, outShape: n.p.outShape, inShape: n.inShapes[0] })],
});
/** tfjs's gather of x at flat offsets (inputs the host path leaves: bool data, large results). */
function gatherTf(x: tf.Tensor, flat: Int32Array, outShape: number[]): tf.Tensor {
  // One contiguous run of elements (x[t], x[a:b] on leading dims): a slice, the same values as the gather.
  if (isRun(flat)) {
    // Whole rows (x[t], x[a:b]): slice along dim 0 with no flattening reshape.
    const rr = runRows(flat, x.shape);
    if (rr) return reshapeTo(tf.slice(x, x.shape.map((_, i) => (i === 0 ? rr[0] : 0)), x.shape.map((d, i) => (i === 0 ? rr[1] : d))), outShape);
    return reshapeTo(tf.slice(flatView(x), [flat[0]], [flat.length]), outShape);
  }
  // Whole rows (x[idx], emb[tokens]): one gather along dim 0 with an index per row, not one per element.
  const rows = rowIndices(flat, x.shape);
  if (rows) return reshapeTo(tf.gather(rowView(x), tf.tensor1d(rows, 'int32')), outShape);
  return reshapeTo(tf.gather(flatView(x), tf.tensor1d(flat, 'int32')), outShape);
}
/** tfjs's scatter-add of g into zeros of `shape` at flat offsets (the gather's gradient). */
function scatterTf(g: tf.Tensor, f: Int32Array, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (isRun(f)) {
    const rr = runRows(f, shape);
    if (rr) {
      const block = shape.map((d, i) => (i === 0 ? rr[1] : d));
      return tf.pad(reshapeTo(g, block), shape.map((d, i) => (i === 0 ? [rr[0], d - rr[0] - rr[1]] : [0, 0])));
    }
    return reshapeTo(tf.pad(flatView(g), [[f[0], size - f[0] - f.length]]), shape);
  }
  // Scatter-add row by row: each element still sums its updates in index order, as the flat scatter does.
  const rows = rowIndices(f, shape);
  if (rows) {
    const m = size / shape[0];
    return reshapeTo(tf.scatterND(tf.tensor2d(rows, [rows.length, 1], 'int32'), reshapeTo(g, [rows.length, m]), [shape[0], m]), shape);
  }
  const idx = tf.tensor2d(f, [f.length, 1], 'int32');
  return reshapeTo(tf.scatterND(idx, flatView(g), [size]), shape);
}
function flatView(t: tf.Tensor): tf.Tensor { return t.rank === 1 ? t : tf.reshape(t, [-1]); }
function rowView(t: tf.Tensor): tf.Tensor { return t.rank === 2 ? t : tf.reshape(t, [t.shape[0], t.size / t.shape[0]]); }
/** [first row, row count] when a run of consecutive offsets covers whole rows of a rank ≥ 2 input, else null. */
function runRows(flat: Int32Array, shape: readonly number[]): [number, number] | null {
  if (shape.length < 2) return null;
  let m = 1;
  for (let i = 1; i < shape.length; i++) m *= shape[i];
  if (m === 0 || flat[0] % m !== 0 || flat.length % m !== 0) return null;
  return [flat[0] / m, flat.length / m];
}
/**
 * The row of each block when flat offsets pick whole rows of a rank ≥ 2 input (blocks of m = row length
 * consecutive offsets, each starting at a row), else null.
 */
function rowIndices(flat: Int32Array, shape: readonly number[]): Int32Array | null {
  if (shape.length < 2 || shape[0] === 0) return null;
  let m = 1;
  for (let i = 1; i < shape.length; i++) m *= shape[i];
  if (m <= 1 || flat.length % m !== 0) return null;
  const rows = new Int32Array(flat.length / m);
  for (let b = 0, o = 0; b < rows.length; b++, o += m) {
    const f0 = flat[o];
    if (f0 % m !== 0) return null;
    for (let q = 1; q < m; q++) if (flat[o + q] !== f0 + q) return null;
    rows[b] = f0 / m;
  }
  return rows;
}
/** x viewed flat, read at `flat` offsets into `outShape` (an index expression already planned), with its backward. */
export function gatherFlat(x: Tensor, flat: Int32Array, outShape: number[]): Tensor {
  return apply(Gather, [x], { flat, outShape }, x.dtype);
}
/** Whether flat offsets are consecutive (base, base + 1, …). */
function isRun(flat: Int32Array): boolean {
  for (let i = 1; i < flat.length; i++) if (flat[i] !== flat[i - 1] + 1) return false;
  return flat.length > 0;
}
/** The index's backward (scatter-add of the gradient) as an op of its own, whose backward is the gather again. */
type ScatterP = GatherP & { inShape: number[] };
export const ScatterAdd: OpDef<ScatterP> = defineOp<ScatterP>({
  name: 'IndexBackwardBackward0',
  forward: (_c, [g], p) => {
    const host = hostScatterAdd(g, blocksOf(p, p.inShape), p.inShape, false);
    if (host) return host;
    const size = p.inShape.reduce((a, b) => a * b, 1);
    const flat = flatOf(p);
    return tf.reshape(tf.scatterND(tf.tensor2d(flat, [flat.length, 1], 'int32'), tf.reshape(g, [-1]), [size]), p.inShape);
  },
  backward: (n, g) => {
    const host = hostGather(g, blocksOf(n.p, n.p.inShape), n.p.outShape);
    return [host ?? tf.reshape(tf.gather(tf.reshape(g, [-1]), tf.tensor1d(flatOf(n.p), 'int32')), n.p.outShape)];
  },
  backwardT: (n, g) => [apply(Gather, [g], { flat: n.p.flat, blocks: n.p.blocks, outShape: n.p.outShape })],
});

/**
 * The plan of a plain row index (x[idx], x[idx, :]: one integer tensor on dim 0, full slices after it) as blocks of
 * whole rows, without per-element offsets; null for any other index (planIndex plans those, errors included).
 */
function planRows(shape: readonly number[], items: readonly IndexItem[]): GatherP | null {
  const t = items[0];
  if (!(t instanceof Tensor) || t.dtype !== 'int64' || shape.length === 0 || items.length > shape.length) return null;
  for (let i = 1; i < items.length; i++) {
    const it = items[i];
    if (!(it instanceof Slice) || !isFullSlice(it)) return null;
  }
  const size = shape[0];
  let m = 1;
  for (let i = 1; i < shape.length; i++) m *= shape[i];
  const vals = t.toArray();
  const starts = new Int32Array(vals.length);
  for (let j = 0; j < vals.length; j++) {
    let v = vals[j];
    if (v < -size || v >= size) throw new EngineError('IndexError', `index ${v} is out of bounds for dimension 0 with size ${size}`);
    if (v < 0) v += size;
    starts[j] = v * m;
  }
  return { blocks: { starts, m }, outShape: [...t.shape, ...shape.slice(1)] };
}

function isFullSlice(s: Slice): boolean {
  return (s.start === null || s.start === 0) && s.stop === null && (s.step === null || s.step === 1);
}

/** x[items] (a copy; writes through it do not reach x — use setIndex). */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const out = apply(Gather, [x], planRows(x.shape, items) ?? planIndex(x.shape, items), x.dtype);
  // PyTorch's names: one integer index is a select, basic slicing a slice view, anything else an index.
  if (out.gradFn) {
    // PyTorch applies basic indices left to right (full `:` slices are skipped); the last one names the node.
    const advanced = items.some((i) => i instanceof Tensor || typeof i === 'boolean');
    const last = [...items].reverse().find((i) => typeof i === 'number' || (i instanceof Slice && !isFullSlice(i)));
    if (!advanced && last !== undefined) out.gradFn.label = typeof last === 'number' ? 'SelectBackward0' : 'SliceBackward0';
  }
  return out;
}

/** Per element of x (flattened): the position in v of the last write to it, and whether any write hit it. */
function putSources(flat: Int32Array, n: number): { src: Int32Array; hit: Uint8Array } {
  const src = new Int32Array(n), hit = new Uint8Array(n);
  for (let j = 0; j < flat.length; j++) { src[flat[j]] = j; hit[flat[j]] = 1; }
  return { src, hit };
}

// A gather from v and a where, not scatterND: scatterND adds into zeros, so a written -0.0 came out +0.0 and
// repeated indices summed; a gather copies bits and the last write wins, as PyTorch's CPU index_put_.
// (tensorScatterUpdate on the cpu backend was seen to write into its input's buffer, so it is not used.)
const Put = defineOp<{ flat: Int32Array }>({
  name: 'IndexPutBackward0',
  forward: (_c, [x, v], p) => {
    const n = x.size;
    if (p.flat.length === 0) return tf.clone(x);
    const { src, hit } = putSources(p.flat, n);
    const placed = tf.gather(tf.reshape(v, [-1]), tf.tensor1d(src, 'int32'));
    return tf.reshape(tf.where(tf.tensor1d(hit, 'bool'), placed, tf.reshape(x, [-1])), x.shape);
  },
  backward: (n, g) => {
    const idx = tf.tensor1d(n.p.flat, 'int32');
    const gf = tf.reshape(g, [-1]);
    const dv = n.needs[1] ? tf.reshape(tf.gather(gf, idx), n.inShapes[1]) : null;
    // Written positions get +0 whatever g's sign (PyTorch puts zeros there; g·0 would give -0 for g < 0).
    const dx = n.needs[0] ? tf.reshape(tf.where(tf.tensor1d(putSources(n.p.flat, gf.size).hit, 'bool'), tf.zerosLike(gf), gf), n.inShapes[0]) : null;
    return [dx, dv];
  },
  // The same as engine ops: dv gathers g at the written positions, dx is g with +0 at them.
  backwardT: (n, g) => {
    const { flat } = n.p;
    const dv = n.needs[1] ? apply(Gather, [g], { flat, outShape: n.inShapes[1] }) : null;
    const hit = n.needs[0] ? new Tensor(tf.reshape(tf.tensor1d(putSources(flat, g.numel()).hit, 'float32'), n.inShapes[0]), 'bool') : null;
    return [hit ? where(hit, 0, g) : null, dv];
  },
});

/** x[items] = value, in place (PyTorch's index_put_ / copy_ into a view). */
export function setIndex(x: Tensor, items: readonly IndexItem[], value: Tensor | Scalar): Tensor {
  const plan = planIndex(x.shape, items);
  return inplace(x, () => {
    let v = value instanceof Tensor ? value : new Tensor(tf.scalar(num(value)), x.dtype);
    v = expand(v, plan.outShape);
    // Expanded values must be materialised to one value per written element.
    return apply(Put, [x, v], { flat: plan.flat }, x.dtype);
  });
}
