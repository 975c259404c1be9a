// Tensor indexing with Python keys: ints, slices, None, Ellipsis, boolean masks and integer index tensors/lists.
// Reads are built from differentiable engine ops (narrow, squeeze, unsqueeze, index_select, masked_select).
// Writes (`x[mask] = 0`, `x[:, 1] = v`) locate the selected elements by indexing a tensor of flat positions
// the same way, then replace them in place with `where`, so the leaf rule and autograd history still apply.
import * as tf from '@tensorflow/tfjs-core';
import { Ellipsis, PyError, PyList, PySlice, PyTuple, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { noGrad, isGradEnabled } from '../engine/autograd';
import * as K from './kernels';
import { int, isScalar, num, typeNameOf } from './args';

function sliceIndices(s: PySlice, len: number): [number, number, number] {
  const step = s.step === null ? 1 : int(s.step, 'slice step');
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  if (step < 0) throw new PyError('ValueError', 'step must be greater than zero');
  const norm = (v: PyValue, def: number): number => {
    if (v === null) return def;
    let i = int(v, 'slice index');
    if (i < 0) i += len;
    return Math.min(Math.max(i, 0), len);
  };
  return [norm(s.start, 0), norm(s.stop, len), step];
}

function indexTensor(v: PyValue): Tensor | null {
  if (v instanceof Tensor && v.ndim > 0) return v;
  if (v instanceof PyList) return K.fromValues(v.items.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : int(x, 'index'))), [v.items.length], v.items.every((x) => typeof x === 'boolean') ? 'bool' : 'int64');
  return null;
}

/** x[key] */
export function getIndex(x: Tensor, key: PyValue): Tensor {
  const items = key instanceof PyTuple ? key.items : [key];
  let cur = x;
  let d = 0;
  const consumes = (v: PyValue): number => (v === null || v === Ellipsis ? 0 : v instanceof Tensor && v.dtype === 'bool' ? v.ndim : 1);
  const used = items.reduce((n: number, v) => n + consumes(v), 0);
  if (used > x.ndim) throw new PyError('IndexError', `too many indices for tensor of dimension ${x.ndim}`);
  for (let j = 0; j < items.length; j++) {
    const v = items[j];
    if (v === null) { cur = K.unsqueeze(cur, d); d++; continue; }
    if (v === Ellipsis) { d += x.ndim - used; continue; }
    if (v instanceof PySlice) {
      const size = cur.shape[d];
      const [start, stop, step] = sliceIndices(v, size);
      const len = Math.max(0, Math.ceil((stop - start) / step));
      if (step === 1) { if (start !== 0 || len !== size) cur = K.narrow(cur, d, start, len); } else {
        const idx = K.fromValues(Array.from({ length: len }, (_, i) => start + i * step), [len], 'int64');
        cur = K.indexSelect(cur, d, idx);
      }
      d++;
      continue;
    }
    const it = indexTensor(v);
    if (it && it.dtype === 'bool') {
      if (items.length !== 1) throw new PyError('NotSupported', 'boolean mask combined with other indices');
      if (it.shape.join() !== x.shape.join()) throw new PyError('IndexError', `The shape of the mask [${it.shape.join(', ')}] at index 0 does not match the shape of the indexed tensor [${x.shape.join(', ')}] at index 0`);
      return K.maskedSelect(x, it);
    }
    if (it) {
      if (it.ndim !== 1) throw new PyError('NotSupported', 'indexing with a multi-dimensional index tensor');
      cur = K.indexSelect(cur, d, it);
      d++;
      continue;
    }
    if (typeof v === 'bigint' || (v instanceof Tensor && v.ndim === 0 && v.dtype !== 'float32') || typeof v === 'boolean') {
      const size = cur.shape[d];
      let i = int(v, 'index');
      if (i < -size || i >= size) throw new PyError('IndexError', `index ${i} is out of bounds for dimension ${d} with size ${size}`);
      if (i < 0) i += size;
      cur = K.squeeze(K.narrow(cur, d, i, 1), d);
      continue;
    }
    throw new PyError('IndexError', 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got ' + typeNameOf(v) + ')');
  }
  return cur;
}

/** x[key] = value, in place. */
export function setIndex(x: Tensor, key: PyValue, value: PyValue): void {
  if (!(value instanceof Tensor) && !isScalar(value)) {
    throw new PyError('TypeError', `can't assign a ${typeNameOf(value)} to a ${x.typeName()}`);
  }
  if (value instanceof Tensor && value.requiresGrad && isGradEnabled()) {
    throw new PyError('NotSupported', 'assigning a tensor that requires grad into a slice (use torch.where or torch.cat instead)');
  }
  // Which flat positions does `key` select? Index a tensor holding 0..n-1 the same way.
  const n = x.numel();
  const positions = noGrad(() => getIndex(K.fromValues(Array.from({ length: n }, (_, i) => i), x.shape, 'int64'), key));
  const pos = positions.toArray();
  const vals = value instanceof Tensor
    ? broadcastData(value, positions.shape)
    : null;
  const mask = new Float32Array(n);
  const full = new Float32Array(n);
  const scalar = value instanceof Tensor ? 0 : num(value);
  for (let i = 0; i < pos.length; i++) {
    mask[pos[i]] = 1;
    full[pos[i]] = vals ? vals[i] : scalar;
  }
  const maskT = K.fromValues(mask, x.shape, 'bool');
  const valT = K.fromValues(full, x.shape, x.dtype);
  K.inplace(x, () => K.where(maskT, valT, x));
}

function broadcastData(v: Tensor, shape: number[]): Float32Array {
  try {
    return tf.tidy(() => tf.broadcastTo(v.value, shape).dataSync() as Float32Array);
  } catch {
    throw new PyError('RuntimeError', `shape mismatch: value tensor of shape [${v.shape.join(', ')}] cannot be broadcast to indexing result of shape [${shape.join(', ')}]`);
  }
}
