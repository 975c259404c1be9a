// PyTorch's tensor printing (torch/_tensor_str.py, default print options) on plain data: the _Formatter's
// int/fixed/scientific mode choice, summarisation past 1000 elements, line wrapping at 80 columns, suffixes.
import { toExponentialPy, toFixedPy } from './decimal';

export type DType = 'float32' | 'float64' | 'int64' | 'bool';
const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

/** What printing needs from a tensor: row-major values (bool as 0/1; int64 may be exact bigints), shape, dtype. */
export interface TensorData {
  shape: readonly number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
  dtype: DType;
}

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 80;

/** Python's str() of one element of the given dtype. */
function elementStr(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return String(v);
  return Number.isFinite(v) ? BigInt(Math.trunc(v)).toString() : String(v);
}

class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;
  constructor(private readonly dtype: DType, values: number[]) {
    if (!isFloat(dtype)) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, elementStr(v, dtype).length);
      return;
    }
    const nz = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of nz) { const a = Math.abs(v); if (a < min) min = a; if (a > max) max = a; }
    this.intMode = nz.every((v) => v === Math.ceil(v));
    const wide = max / min > 1000 || max > 1e8;
    this.sciMode = this.intMode ? wide : wide || min < 1e-4;
    for (const v of nz) {
      const s = this.sciMode ? toExponentialPy(v, PRECISION)
        : this.intMode ? `${toFixedPy(v, 0)}.` : toFixedPy(v, PRECISION);
      this.maxWidth = Math.max(this.maxWidth, s.length);
    }
  }
  width(): number { return this.maxWidth; }
  format(v: number): string {
    let s: string;
    if (!isFloat(this.dtype)) s = elementStr(v, this.dtype);
    else if (this.sciMode) s = toExponentialPy(v, PRECISION);
    else if (this.intMode) s = toFixedPy(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = toFixedPy(v, PRECISION);
    return s.padStart(this.maxWidth, ' ');
  }
}

/** A strided view over the data without copying: offset + shape of the sub-tensor. */
interface Sub { offset: number; shape: readonly number[] }

/** One element; exact int64 ones are bigints, which only elementStr looks at (it prints them as they are). */
const elem = (t: TensorData, i: number): number => t.data[i] as number;

function strideOf(shape: readonly number[]): number {
  let s = 1;
  for (let i = 1; i < shape.length; i++) s *= shape[i];
  return s;
}

/** Values the formatter sees: all of them, or only the edge items of each dimension when summarising. */
function summarizedValues(t: TensorData, sub: Sub, summarize: boolean, out: number[]): void {
  const { shape, offset } = sub;
  if (shape.length === 0) { out.push(elem(t, offset)); return; }
  const n = shape[0];
  const stride = strideOf(shape);
  const rows = summarize && n > 2 * EDGEITEMS
    ? [...Array(EDGEITEMS).keys(), ...Array.from({ length: EDGEITEMS }, (_, i) => n - EDGEITEMS + i)]
    : [...Array(n).keys()];
  for (const i of rows) summarizedValues(t, { offset: offset + i * stride, shape: shape.slice(1) }, summarize, out);
}

function vectorStr(t: TensorData, sub: Sub, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width() + 2;
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementLength));
  const n = sub.shape[0];
  const at = (i: number): string => f.format(elem(t, sub.offset + i));
  let data: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    data = [];
    for (let i = 0; i < EDGEITEMS; i++) data.push(at(i));
    data.push(' ...');
    for (let i = n - EDGEITEMS; i < n; i++) data.push(at(i));
  } else {
    data = Array.from({ length: n }, (_, i) => at(i));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStrWith(t: TensorData, sub: Sub, indent: number, summarize: boolean, f: Formatter): string {
  const dim = sub.shape.length;
  if (dim === 0) return f.format(elem(t, sub.offset));
  if (dim === 1) return vectorStr(t, sub, indent, summarize, f);
  const n = sub.shape[0];
  const stride = strideOf(sub.shape);
  const child = (i: number): string =>
    tensorStrWith(t, { offset: sub.offset + i * stride, shape: sub.shape.slice(1) }, indent + 1, summarize, f);
  let slices: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    slices = [];
    for (let i = 0; i < EDGEITEMS; i++) slices.push(child(i));
    slices.push('...');
    for (let i = n - EDGEITEMS; i < n; i++) slices.push(child(i));
  } else {
    slices = Array.from({ length: n }, (_, i) => child(i));
  }
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

function numel(shape: readonly number[]): number { return shape.reduce((a, b) => a * b, 1); }

/** torch._tensor_str._tensor_str: the bracketed body. */
export function tensorBody(t: TensorData, indent: number): string {
  if (numel(t.shape) === 0) return '[]';
  const summarize = numel(t.shape) > THRESHOLD;
  const root = { offset: 0, shape: t.shape };
  const vals: number[] = [];
  summarizedValues(t, root, summarize, vals);
  return tensorStrWith(t, root, indent, summarize, new Formatter(t.dtype, vals));
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      parts.push(`,\n${' '.repeat(indent)}${s}`);
      lastLineLen = indent + s.length;
    } else {
      parts.push(`, ${s}`);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

export interface ReprExtras {
  /** e.g. "SumBackward0" */
  gradFn?: string | null;
  requiresGrad?: boolean;
  isParameter?: boolean;
  /** torch.get_default_dtype(): tensors of it print no dtype. */
  defaultFloat?: 'float32' | 'float64';
}

/** repr(tensor) / str(tensor), as PyTorch prints it with default options on the CPU. */
export function tensorRepr(t: TensorData, extras: ReprExtras = {}): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const dflt = extras.defaultFloat ?? 'float32';
  let body: string;
  if (numel(t.shape) === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
    if (t.dtype !== dflt) suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    body = tensorBody(t, indent);
    // PyTorch names every dtype but the default float one, int64 and bool.
    if (isFloat(t.dtype) && t.dtype !== dflt) suffixes.push(`dtype=torch.${t.dtype}`);
  }
  if (extras.gradFn) suffixes.push(`grad_fn=<${extras.gradFn}>`);
  else if (extras.requiresGrad) suffixes.push('requires_grad=True');
  const s = addSuffixes(prefix + body, suffixes, indent);
  return extras.isParameter ? `Parameter containing:\n${s}` : s;
}
