// Argument conversion for native torch functions: Python scalars, shapes, dims and keyword arguments, with
// PyTorch's error wording where users meet it.
import { PyError, PyList, PyTuple, isHost, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { typeName } from '../python/runtime';

export type Kw = ReadonlyMap<string, PyValue>;

export function isScalar(v: PyValue): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

export function typeNameOf(v: PyValue): string {
  switch (typeof v) {
    case 'number': return 'float';
    case 'bigint': return 'int';
    case 'boolean': return 'bool';
    case 'string': return 'str';
  }
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (isHost(v)) return v.pyTypeName();
  return typeName(v);
}

/** A Python number (or a one-element tensor, as PyTorch accepts for Scalar arguments) as a JS number. */
export function num(v: PyValue, what = 'argument'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel() === 1) return v.item();
  throw new PyError('TypeError', `${what} must be a number, not ${typeNameOf(v)}`);
}

export function int(v: PyValue, what = 'argument'): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel() === 1 && !v.isFloatingPoint()) return v.item();
  throw new PyError('TypeError', `${what} must be int, not ${typeNameOf(v)}`);
}

export function optInt(v: PyValue | undefined, what?: string): number | null {
  return v === undefined || v === null ? null : int(v, what);
}

export function bool(v: PyValue | undefined, dflt = false): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  throw new PyError('TypeError', `expected bool, got ${typeNameOf(v)}`);
}

/** Items of a list/tuple (torch.Size is a tuple). */
export function seqItems(v: PyValue): readonly PyValue[] | null {
  if (v instanceof PyList) return v.items;
  if (v instanceof PyTuple) return v.items;
  return null;
}

/** `randn(2, 3)`, `randn((2, 3))`, `randn([2, 3])`, `randn(x.shape)` → [2, 3]. */
export function shapeFrom(args: readonly PyValue[], fname: string): number[] {
  const single = args.length === 1 ? seqItems(args[0]) : null;
  const dims = single ?? args;
  return dims.map((d) => {
    if (typeof d !== 'bigint' && typeof d !== 'boolean' && !(d instanceof Tensor)) {
      throw new PyError('TypeError', `${fname}(): argument 'size' must be tuple of ints, but found element of type ${typeNameOf(d)}`);
    }
    const n = int(d, 'size');
    if (n < 0) throw new PyError('RuntimeError', `Trying to create tensor with negative dimension ${n}: [${dims.map(String).join(', ')}]`);
    return n;
  });
}

/** Normalises a possibly negative dim against `ndim` with PyTorch's IndexError. */
export function normDim(d: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (d < -n || d >= n) {
    throw new PyError('IndexError', `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
  }
  return d < 0 ? d + n : d;
}

/** dim argument that may be an int, a tuple/list of ints, or None. */
export function dimsArg(v: PyValue | undefined, ndim: number): number[] | null {
  if (v === undefined || v === null) return null;
  const items = seqItems(v);
  if (items) return items.map((d) => normDim(int(d, 'dim'), ndim));
  return [normDim(int(v, 'dim'), ndim)];
}

/** Reads kwargs against an allowed list, so typos fail like Python ("got an unexpected keyword argument"). */
export function kwargs(fname: string, kw: Kw, allowed: readonly string[]): Map<string, PyValue> {
  for (const k of kw.keys()) {
    if (!allowed.includes(k)) throw new PyError('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
  }
  return kw as Map<string, PyValue>;
}

/** Positional-or-keyword argument i / name. */
export function arg(args: readonly PyValue[], kw: Kw, i: number, name: string): PyValue | undefined {
  if (i < args.length) return args[i];
  // PyTorch's argument parser also takes NumPy's spellings: sum(1, keepdims=True), argmax(axis=1).
  return kw.get(name) ?? (name === 'keepdim' ? kw.get('keepdims') : name === 'dim' ? kw.get('axis') : undefined);
}

export function tensorArg(v: PyValue, fname: string, what = 'input'): Tensor {
  if (v instanceof Tensor) return v;
  // The input is the first positional argument wherever PyTorch names it so.
  throw new PyError('TypeError', `${fname}(): argument '${what}'${what === 'input' ? ' (position 1)' : ''} must be Tensor, not ${typeNameOf(v)}`);
}

/** Nested Python lists/tuples of numbers → flat values + shape (torch.tensor). Also reports whether all were ints/bools. */
export function flattenNested(v: PyValue): { values: number[]; shape: number[]; kind: 'float' | 'int' | 'bool' } {
  const values: number[] = [];
  let sawFloat = false;
  let sawInt = false;
  let sawBool = false;
  const shapeAt: number[] = [];
  const walk = (x: PyValue, depth: number): void => {
    const items = seqItems(x);
    if (items) {
      if (shapeAt.length <= depth) shapeAt.push(items.length);
      else if (shapeAt[depth] !== items.length) {
        throw new PyError('ValueError', `expected sequence of length ${shapeAt[depth]} at dim ${depth} (got ${items.length})`);
      }
      for (const it of items) walk(it, depth + 1);
      return;
    }
    if (depth !== shapeAt.length) throw new PyError('ValueError', 'expected a sequence of numbers of consistent depth');
    if (typeof x === 'number') { sawFloat = true; values.push(x); } else if (typeof x === 'bigint') { sawInt = true; values.push(Number(x)); } else if (typeof x === 'boolean') { sawBool = true; values.push(x ? 1 : 0); } else if (x instanceof Tensor && x.numel() === 1) {
      if (x.isFloatingPoint()) sawFloat = true; else sawInt = true;
      values.push(x.item());
    } else if (x instanceof Tensor) {
      throw new PyError('ValueError', 'only one element tensors can be converted to Python scalars');
    } else throw new PyError('TypeError', `new(): invalid data type '${typeNameOf(x)}'`);
  };
  walk(v, 0);
  const kind = sawFloat ? 'float' : sawInt ? 'int' : sawBool ? 'bool' : 'float';
  return { values, shape: shapeAt, kind };
}
