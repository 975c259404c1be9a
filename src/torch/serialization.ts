// torch.save / torch.load through the run's in-memory file system. Pickling is a deep copy, so the file's bytes
// name a deep-copied snapshot the file system keeps (tensors stay float32 bit for bit, Parameters stay Parameters,
// whole modules and optimizer state dicts work); each load returns a fresh deep copy, as unpickling does.
import { HostFunction, PyError, type PyValue } from '../python/host';
import { call, getAttr, getAttrOrUndefined } from '../python/runtime';
import { makeCopy } from '../python/stdlib/copy';
import { PyBytes, type VirtualFS } from '../python/stdlib/index';
import { isPathLike } from '../python/stdlib/native';
import { typeNameOf } from './args';

export function makeSerialization(fs: VirtualFS | undefined): { save: HostFunction; load: HostFunction } {
  const deepcopy = makeCopy().getAttr('deepcopy')!;
  const isPath = (f: PyValue): boolean => typeof f === 'string' || isPathLike(f);
  const pathOf = (f: PyValue): string => (typeof f === 'string' ? f : (f as { path: string }).path);
  const need = (): VirtualFS => {
    if (!fs) throw new PyError('NotSupported', 'torch.save/torch.load without a file system');
    return fs;
  };

  const save = new HostFunction('save', (a, k) => {
    const obj = a[0] ?? k.get('obj');
    const f = a[1] ?? k.get('f');
    if (obj === undefined || f === undefined) throw new PyError('TypeError', "save() missing required argument 'f'");
    const files = need();
    if (!isPath(f) && getAttrOrUndefined(f, 'write') === undefined) {
      throw new PyError('AttributeError', `'${typeNameOf(f)}' object has no attribute 'write'`);
    }
    const data = files.storeObject(call(deepcopy, [obj]));
    if (isPath(f)) files.write(pathOf(f), data);
    else call(getAttr(f, 'write'), [new PyBytes(data)]);
    return null;
  });

  const load = new HostFunction('load', (a, k) => {
    const f = a[0] ?? k.get('f');
    if (f === undefined) throw new PyError('TypeError', "load() missing 1 required positional argument: 'f'");
    const files = need();
    let data: Uint8Array;
    if (isPath(f)) data = files.read(pathOf(f));
    else if (getAttrOrUndefined(f, 'read') !== undefined) {
      const r = call(getAttr(f, 'read'), []);
      data = r instanceof PyBytes ? r.data : new TextEncoder().encode(String(r));
    } else throw new PyError('AttributeError', `'${typeNameOf(f)}' object has no attribute 'read'`);
    const snapshot = files.objectFor(data);
    if (snapshot === undefined) {
      if (data.length === 0) throw new PyError('EOFError', 'Ran out of input');
      throw new PyError('NotSupported', 'torch.load of a file this run did not write with torch.save');
    }
    return call(deepcopy, [snapshot]);
  });
  return { save, load };
}
