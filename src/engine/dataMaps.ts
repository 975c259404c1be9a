// tfjs keeps per-data bookkeeping in WeakMaps keyed by data id objects: the engine's tensorInfo (every tensor made
// or disposed sets or deletes an entry) and each backend's DataStorage. For the small tensors of training loops
// those WeakMap writes, and the garbage collector's work on them, are a visible share of every kernel. The same
// maps kept as a property of the key object hold the same entries for the same lifetime (a WeakMap value lives as
// long as its key), at the cost of a property write. Entries made before the swap stay in the original WeakMap,
// which is still consulted when the property is absent.
import * as tf from '@tensorflow/tfjs-core';

type Key = Record<symbol, unknown>;

/** A WeakMap's get/has/set/delete on `key[slot]`, falling back to the entries already in `old`. */
class PropertyMap<V> {
  private readonly slot = Symbol('lossLens.data');
  constructor(private readonly old: WeakMap<object, V>) {}
  get(key: object): V | undefined {
    const v = (key as Key)[this.slot] as V | undefined;
    return v !== undefined ? v : this.old.get(key);
  }
  has(key: object): boolean { return (key as Key)[this.slot] !== undefined || this.old.has(key); }
  set(key: object, value: V): this {
    (key as Key)[this.slot] = value;
    return this;
  }
  delete(key: object): boolean {
    const k = key as Key;
    const had = k[this.slot] !== undefined;
    // Set to undefined rather than deleted: deleting a property slows every later access to the object.
    if (had) k[this.slot] = undefined;
    return this.old.delete(key) || had;
  }
}

/** Replaces `holder[field]` by a PropertyMap when it is a WeakMap (once). */
function swap(holder: unknown, field: string): void {
  const h = holder as Record<string, unknown> | null | undefined;
  const m = h?.[field];
  if (m instanceof WeakMap) h![field] = new PropertyMap(m);
}

/** The engine's tensorInfo map. */
export function fastEngineMaps(): void {
  swap((tf.engine() as unknown as { state: unknown }).state, 'tensorInfo');
}

/** A backend's DataStorage map (the wasm backend's `dataIdMap`, the CPU backends' `data`). */
export function fastBackendMaps(backend: unknown): void {
  const b = backend as { dataIdMap?: unknown; data?: unknown };
  swap(b.dataIdMap, 'data');
  swap(b.data, 'data');
}
