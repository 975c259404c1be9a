// tfjs keeps per-data bookkeeping in WeakMaps keyed by data id objects: the engine's tensorInfo (every tensor made
// or disposed sets or deletes an entry) and each backend's DataStorage. For the small tensors of training loops
// those WeakMap writes, and the garbage collector's work on them, are a visible share of every kernel. The same
// maps kept as a property of the key object hold the same entries for the same lifetime (a WeakMap value lives as
// long as its key), at the cost of a property write. Each map has its own plain property name, read and written
// by name: a computed (symbol) key shared by several maps makes V8's property access megamorphic, about three
// times slower. Entries made before the swap stay in the original WeakMap, consulted while it may hold any.
import * as tf from '@tensorflow/tfjs-core';

/** The properties the maps keep on data id objects (one per map: the engine's, and up to three backends'). */
interface Slots { llEngine?: unknown; llData0?: unknown; llData1?: unknown; llData2?: unknown }

/** A WeakMap's get/has/set/delete on a property of the key, falling back to the entries already in `old`. */
abstract class PropertyMap<V> {
  /** Entries `old` may still hold: it is skipped once all of them are deleted. */
  private oldLeft: number;
  constructor(private readonly old: WeakMap<object, V>, oldEntries: number) { this.oldLeft = oldEntries; }
  protected abstract read(key: Slots): V | undefined;
  protected abstract write(key: Slots, value: V | undefined): void;
  get(key: object): V | undefined {
    const v = this.read(key as Slots);
    return v !== undefined || this.oldLeft === 0 ? v : this.old.get(key);
  }
  has(key: object): boolean { return this.read(key as Slots) !== undefined || (this.oldLeft !== 0 && this.old.has(key)); }
  // tfjs sets an entry only for a data id the map does not hold (a new one, or one moving in from another backend).
  set(key: object, value: V): this {
    this.write(key as Slots, value);
    return this;
  }
  delete(key: object): boolean {
    const k = key as Slots;
    const had = this.read(k) !== undefined;
    // Set to undefined rather than deleted: deleting a property slows every later access to the object.
    if (had) this.write(k, undefined);
    if (this.oldLeft !== 0 && this.old.delete(key)) { this.oldLeft--; return true; }
    return had;
  }
}

class EngineMap<V> extends PropertyMap<V> {
  protected read(k: Slots): V | undefined { return k.llEngine as V | undefined; }
  protected write(k: Slots, v: V | undefined): void { k.llEngine = v; }
}
class DataMap0<V> extends PropertyMap<V> {
  protected read(k: Slots): V | undefined { return k.llData0 as V | undefined; }
  protected write(k: Slots, v: V | undefined): void { k.llData0 = v; }
}
class DataMap1<V> extends PropertyMap<V> {
  protected read(k: Slots): V | undefined { return k.llData1 as V | undefined; }
  protected write(k: Slots, v: V | undefined): void { k.llData1 = v; }
}
class DataMap2<V> extends PropertyMap<V> {
  protected read(k: Slots): V | undefined { return k.llData2 as V | undefined; }
  protected write(k: Slots, v: V | undefined): void { k.llData2 = v; }
}
type MapClass = new (old: WeakMap<object, unknown>, oldEntries: number) => PropertyMap<unknown>;
const DATA_MAPS: MapClass[] = [DataMap0, DataMap1, DataMap2];
let dataMapsUsed = 0;

/**
 * Replaces `holder[field]` by a PropertyMap when it is a WeakMap (once). `oldEntries` bounds what the WeakMap holds
 * (undefined: unknown, it is then consulted for as long as the process runs).
 */
function swap(holder: unknown, field: string, make: MapClass | undefined, oldEntries: number | undefined): void {
  const h = holder as Record<string, unknown> | null | undefined;
  const m = h?.[field];
  if (make && m instanceof WeakMap) h![field] = new make(m, oldEntries ?? Infinity);
}

/** The engine's tensorInfo map (its entries are counted in numDataBuffers). */
export function fastEngineMaps(): void {
  const state = (tf.engine() as unknown as { state: { numDataBuffers?: number } }).state;
  swap(state, 'tensorInfo', EngineMap, state.numDataBuffers);
}

interface Storage { data?: unknown; dataIdsCount?: number; get(dataId: object): unknown }

/**
 * A backend's DataStorage map (the wasm backend's `dataIdMap`, the CPU backends' `data`): up to three backends.
 * DataStorage.get asks `has` then `get` (moving data from another backend when absent): a present entry is now
 * returned after one read.
 */
export function fastBackendMaps(backend: unknown): void {
  const b = backend as { dataIdMap?: Storage; data?: Storage };
  for (const storage of [b.dataIdMap, b.data]) {
    if (!(storage?.data instanceof WeakMap) || dataMapsUsed === DATA_MAPS.length) continue;
    swap(storage, 'data', DATA_MAPS[dataMapsUsed++], storage.dataIdsCount);
    const map = storage.data as unknown as PropertyMap<unknown>;
    const full = storage.get;
    storage.get = function get(this: Storage, dataId: object): unknown {
      const v = map.get(dataId);
      return v !== undefined ? v : full.call(this, dataId);
    };
  }
}
