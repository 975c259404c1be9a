// Python index keys → the engine's index items: ints, slices, None, Ellipsis, bool, boolean masks and integer
// index tensors or lists. Reads and writes (`grad_input[input < 0] = 0`) are the engine's gather/scatter ops,
// so writes are in place with the leaf rule and autograd history.
import { Ellipsis, PyError, PyList, PySlice, PyTuple, type PyValue } from '../python/host';
import { PyRange } from '../python/objects';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { int, isScalar, typeNameOf } from './args';
import { linkView, writeThrough } from './view_links';

function sliceBound(v: PyValue): number | null {
  return v === null ? null : int(v, 'slice indices');
}

function item(v: PyValue): K.IndexItem {
  if (v === null) return null;
  if (v === Ellipsis) return K.ELLIPSIS;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v;
  if (v instanceof PySlice) {
    const step = sliceBound(v.step);
    if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
    return new K.Slice(sliceBound(v.start), sliceBound(v.stop), step);
  }
  if (v instanceof Tensor) {
    if (v.ndim === 0 && v.dtype === 'int64') return v.item();
    return v;
  }
  if (v instanceof PyList) {
    const allBool = v.items.length > 0 && v.items.every((x) => typeof x === 'boolean');
    const vals = v.items.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : int(x, 'index')));
    return K.fromValues(vals, [vals.length], allBool ? 'bool' : 'int64');
  }
  if (v instanceof PyRange) { // x[range(n), target]: an integer index list (nll from scratch, d2l)
    const vals: number[] = [];
    for (let i = v.start; v.step > 0n ? i < v.stop : i > v.stop; i += v.step) vals.push(Number(i));
    return K.fromValues(vals, [vals.length], 'int64');
  }
  throw new PyError('IndexError', `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeNameOf(v)})`);
}

function items(key: PyValue): K.IndexItem[] {
  return key instanceof PyTuple ? key.items.map(item) : [item(key)];
}

/** x[key] */
export function getIndex(x: Tensor, key: PyValue): Tensor {
  const its = items(key);
  const out = K.index(x, its);
  // Basic indexing is a chain of views in PyTorch; its grad_fn is named after the last one (x[0] → Select).
  if (out.gradFn && !its.some((it) => it instanceof Tensor)) {
    const last = [...its].reverse().find((it) => typeof it === 'number' || it === null
      || (it instanceof K.Slice && !(it.start === null && it.stop === null && (it.step === null || it.step === 1))));
    if (last !== undefined) out.gradFn.label = typeof last === 'number' ? 'SelectBackward0' : last === null ? 'UnsqueezeBackward0' : 'SliceBackward0';
  }
  linkView(out, x, its);
  return out;
}

/** x[key] = value, in place. */
export function setIndex(x: Tensor, key: PyValue, value: PyValue): void {
  if (!(value instanceof Tensor) && !isScalar(value)) {
    throw new PyError('TypeError', `can't assign a ${typeNameOf(value)} to a ${x.typeName()}`);
  }
  const its = items(key);
  // An all-false mask selects nothing: nothing to write (the engine's scatter rejects empty updates).
  if (its.some((it) => it instanceof Tensor && it.dtype === 'bool' && !it.toArray().some((v) => v !== 0))) return;
  const v = value instanceof Tensor ? stripLeadingOnes(value) : value;
  writeThrough(x, (t) => {
    K.setIndex(t, its, v);
    // A write through basic indexing is a copy into a view in PyTorch: its history is CopySlices, not IndexPut
    if (t.gradFn && !its.some((it) => it instanceof Tensor)) t.gradFn.label = 'CopySlices';
  });
}

/** PyTorch drops the value's leading size-1 dims before broadcasting it into x[key] (logits[i] = model(x[[i]])). */
function stripLeadingOnes(value: Tensor): Tensor {
  let n = 0;
  while (n < value.ndim && value.shape[n] === 1) n++;
  return n === 0 ? value : K.reshape(value, value.shape.slice(n));
}
