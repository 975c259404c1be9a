// torch.nn.functional convolution, pooling and 2-D dropout: argument forms (ints or tuples, padding 'same' /
// 'valid', unbatched inputs) and PyTorch's errors; the maths is in the engine (ops/conv.ts, ops/pool.ts).
import { HostFunction, PyError, PyTuple, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { bool, int, num, seqItems, tensorArg } from './args';
import { fn, inplaceOr } from './functional';

/** An int or a tuple of n ints (kernel_size=3 or (3, 3)). */
export function tupleArg(v: PyValue, n: number, what: string): number[] {
  const items = seqItems(v);
  if (items) {
    if (items.length !== n && items.length !== 1) throw new PyError('RuntimeError', `expected ${what} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${what}=[${items.join(', ')}]`);
    const xs = items.map((d) => int(d, what));
    return xs.length === 1 ? Array(n).fill(xs[0]) : xs;
  }
  return Array(n).fill(int(v, what));
}

function sizeList(t: Tensor): string { return `[${t.shape.join(', ')}]`; }

/** Runs a 2-D op on a batched view of a 1-D/2-D signal: adds the batch (and, for 1-D, the height) dims. */
function spatial(x: Tensor, dims: 1 | 2, fname: string, f: (x4: Tensor) => Tensor): Tensor {
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    throw new PyError('RuntimeError', `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${fname}, but got input of size: ${sizeList(x)}`);
  }
  const unbatched = x.ndim === dims + 1;
  let v = unbatched ? K.unsqueeze(x, 0) : x;
  if (dims === 1) v = K.unsqueeze(v, 2);
  let y = f(v);
  if (dims === 1) y = K.squeeze(y, 2);
  return unbatched ? K.squeeze(y, 0) : y;
}

function conv(p: Record<string, PyValue>, dims: 1 | 2, fname: string): Tensor {
  const x = tensorArg(p.input, fname), w = tensorArg(p.weight, fname, 'weight');
  const b = p.bias === null ? null : tensorArg(p.bias, fname, 'bias');
  const groups = int(p.groups, 'groups');
  const stride = tupleArg(p.stride, dims, 'stride'), dil = tupleArg(p.dilation, dims, 'dilation');
  const k = w.shape.slice(2);
  if (w.ndim !== dims + 2) throw new PyError('RuntimeError', `weight should have at least three dimensions`);
  let pads: number[];
  if (typeof p.padding === 'string') {
    if (p.padding === 'valid') pads = Array(2 * dims).fill(0);
    else if (p.padding === 'same') {
      if (stride.some((s) => s !== 1)) throw new PyError('RuntimeError', "padding='same' is not supported for strided convolutions");
      // PyTorch pads total = d·(k − 1), the odd extra on the bottom/right.
      pads = k.flatMap((kk, i) => { const t = dil[i] * (kk - 1); return [Math.floor(t / 2), t - Math.floor(t / 2)]; });
    } else throw new PyError('RuntimeError', `Invalid padding string: '${p.padding}'`);
  } else {
    pads = tupleArg(p.padding, dims, 'padding').flatMap((q) => [q, q]);
  }
  const win: K.Window = dims === 2
    ? { kh: k[0], kw: k[1], sh: stride[0], sw: stride[1], dh: dil[0], dw: dil[1], pad: [pads[0], pads[1], pads[2], pads[3]] }
    : { kh: 1, kw: k[0], sh: 1, sw: stride[0], dh: 1, dw: dil[0], pad: [0, 0, pads[0], pads[1]] };
  return spatial(x, dims, fname, (x4) => {
    const w4 = dims === 1 ? K.unsqueeze(w, 2) : w;
    if (x4.shape[1] !== w.shape[1] * groups) {
      const shown = dims === 1 ? K.squeeze(x4, 2) : x4;
      throw new PyError('RuntimeError', `Given groups=${groups}, weight of size ${sizeList(w)}, expected input${sizeList(shown)} to have ${w.shape[1] * groups} channels, but got ${x4.shape[1]} channels instead`);
    }
    return K.conv2d(x4, w4, b, win, groups);
  });
}

const CONV = ['input', 'weight', 'bias', 'stride', 'padding', 'dilation', 'groups'];
const CONV_D = { bias: null, stride: 1n, padding: 0n, dilation: 1n, groups: 1n };

function poolWindow(p: Record<string, PyValue>, dims: 1 | 2): K.Window {
  const k = tupleArg(p.kernel_size, dims, 'kernel_size');
  const s = p.stride === null || (seqItems(p.stride)?.length === 0) ? k : tupleArg(p.stride, dims, 'stride');
  const pad = tupleArg(p.padding, dims, 'padding');
  const d = p.dilation === undefined ? Array(dims).fill(1) : tupleArg(p.dilation, dims, 'dilation');
  return dims === 2
    ? { kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], pad: [pad[0], pad[0], pad[1], pad[1]] }
    : { kh: 1, kw: k[0], sh: 1, sw: s[0], dh: 1, dw: d[0], pad: [0, 0, pad[0], pad[0]] };
}

function poolInput(x: Tensor, dims: 1 | 2): void {
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    throw new PyError('RuntimeError', dims === 2 ? 'non-empty 3D or 4D (batch mode) tensor expected for input' : `max_pool1d() Expected 2D or 3D input tensor, but got ${sizeList(x)}`);
  }
}

function maxPool(p: Record<string, PyValue>, dims: 1 | 2, fname: string): PyValue {
  const x = tensorArg(p.input, fname);
  poolInput(x, dims);
  const win = poolWindow(p, dims);
  const found: { indices?: Tensor } = {};
  const out = spatial(x, dims, fname, (x4) => {
    const r = K.maxPool2d(x4, win, bool(p.ceil_mode), bool(p.return_indices));
    if (r.indices) found.indices = r.indices;
    return r.out;
  });
  if (!bool(p.return_indices)) return out;
  let idx = found.indices!;
  if (dims === 1) idx = K.squeeze(idx, 2);
  if (x.ndim === dims + 1) idx = K.squeeze(idx, 0);
  return new PyTuple([out, idx]);
}

const MAXPOOL = ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'];
const MAXPOOL_D = { stride: null, padding: 0n, dilation: 1n, ceil_mode: false, return_indices: false };

export function convFunctional(): [string, HostFunction][] {
  return [
    fn('conv2d', CONV, CONV_D, (p) => conv(p, 2, 'conv2d')),
    fn('conv1d', CONV, CONV_D, (p) => conv(p, 1, 'conv1d')),
    fn('max_pool2d', MAXPOOL, MAXPOOL_D, (p) => maxPool(p, 2, 'max_pool2d')),
    fn('max_pool1d', MAXPOOL, MAXPOOL_D, (p) => maxPool(p, 1, 'max_pool1d')),
    fn('avg_pool2d', ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
      { stride: null, padding: 0n, ceil_mode: false, count_include_pad: true, divisor_override: null }, (p) => {
        const x = tensorArg(p.input, 'avg_pool2d');
        poolInput(x, 2);
        const win = poolWindow(p, 2);
        const dv = p.divisor_override === null ? null : int(p.divisor_override, 'divisor_override');
        return spatial(x, 2, 'avg_pool2d', (x4) => K.avgPool2d(x4, win, bool(p.ceil_mode), bool(p.count_include_pad), dv));
      }),
    fn('avg_pool1d', ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'],
      { stride: null, padding: 0n, ceil_mode: false, count_include_pad: true }, (p) => {
        const x = tensorArg(p.input, 'avg_pool1d');
        const win = poolWindow(p, 1);
        return spatial(x, 1, 'avg_pool1d', (x4) => K.avgPool2d(x4, win, bool(p.ceil_mode), bool(p.count_include_pad), null));
      }),
    fn('adaptive_avg_pool2d', ['input', 'output_size'], {}, (p) => {
      const x = tensorArg(p.input, 'adaptive_avg_pool2d');
      if (x.ndim !== 3 && x.ndim !== 4) throw new PyError('RuntimeError', `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${sizeList(x)}`);
      const items = seqItems(p.output_size);
      const [oh, ow] = (items ?? [p.output_size, p.output_size]).map((v, i) => (v === null ? x.shape[x.ndim - 2 + i] : int(v, 'output_size')));
      return K.adaptiveAvgPool2d(x, oh, ow);
    }),
    fn('dropout2d', ['input', 'p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false }, (p) => {
      const x = tensorArg(p.input, 'dropout2d');
      const prob = num(p.p, 'p');
      if (prob < 0 || prob > 1) throw new PyError('ValueError', `dropout probability has to be between 0 and 1, but got ${prob}`);
      return inplaceOr(x, p.inplace, () => K.featureDropout(x, prob, bool(p.training)));
    }),
  ];
}
