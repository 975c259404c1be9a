// Basic indexing (ints, slices, None, ...) returns a copy in the engine where PyTorch returns a view. A write into
// such a result — t[i][0][j] = 1, confusion[i][j] += 1, row = x[i]; row[0] = v — is replayed into the region of
// the tensor it was read from (and on up the chain), so chained assignments reach their base as in PyTorch.
// Reads stay copies: a view read before its base changes does not see the change.
import type { Tensor } from '../engine/tensor';
import * as K from './kernels';

interface Link { readonly base: Tensor; readonly key: readonly K.IndexItem[] }
const LINKS = new WeakMap<Tensor, Link>();

const basic = (it: K.IndexItem): boolean => it === null || typeof it === 'number' || it instanceof K.Slice || it === K.ELLIPSIS;

/** Remembers that `view` is base[key] when the key is basic indexing (a view in PyTorch). */
export function linkView(view: Tensor, base: Tensor, key: readonly K.IndexItem[]): void {
  if (view !== base && key.every(basic)) LINKS.set(view, { base, key });
}

/** Applies `write` to t, then to t's region of every tensor t was read from by basic indexing. */
export function writeThrough(t: Tensor, write: (x: Tensor) => void): void {
  write(t);
  const link = LINKS.get(t);
  if (link === undefined) return;
  writeThrough(link.base, (b) => {
    // The base's current region, not the stale copy t: only what `write` changes is written back.
    const region = K.index(b, link.key);
    write(region);
    K.setIndex(b, link.key, region);
    if (b.gradFn) b.gradFn.label = 'CopySlices'; // a copy into a view of b, as PyTorch names it
  });
}
