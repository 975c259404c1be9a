// Padding and flipping for Python: F.pad (constant, reflect, replicate, circular), F.conv_transpose1d/2d (as a
// convolution of the zero-dilated input with the flipped, transposed kernel), torch.flip / fliplr / flipud / roll
// and their Tensor methods. The maths is in the engine (ops/pad.ts, ops/conv.ts).
import { HostFunction, PyError, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { pad as enginePad, flip as engineFlip, dilateZeros, type PadMode } from '../engine/ops/pad';
import * as K from './kernels';
import { arg, int, num, seqItems, tensorArg, typeNameOf } from './args';
import { METHODS, type Method } from './tensor_methods';
import { fn } from './functional';
import { tupleArg } from './functional_conv';
import { guard } from './tensor_protocol';

const MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

function padF(p: Record<string, PyValue>): Tensor {
  const x = tensorArg(p.input, 'pad');
  const items = seqItems(p.pad);
  if (!items) throw new PyError('TypeError', `pad(): argument 'pad' must be tuple of ints, not ${typeNameOf(p.pad)}`);
  const mode = String(p.mode);
  if (!MODES.includes(mode)) throw new PyError('NotImplementedError', `Unrecognised padding mode ${mode}`);
  if (mode !== 'constant' && p.value !== null && num(p.value, 'value') !== 0) {
    throw new PyError('NotImplementedError', `Padding mode "${mode}"" doesn't take in value argument.`);
  }
  return enginePad(x, items.map((v) => int(v, 'pad')), mode as PadMode, p.value === null ? 0 : num(p.value, 'value'));
}

/** conv_transposeNd through a stride-1 convolution: dilate the input by the stride, pad by d·(k − 1) − p (crop if negative), flip the kernel. */
function convTranspose(p: Record<string, PyValue>, dims: 1 | 2, fname: string): Tensor {
  let x = tensorArg(p.input, fname);
  let w = tensorArg(p.weight, fname, 'weight');
  const b = p.bias === null ? null : tensorArg(p.bias, fname, 'bias');
  const groups = int(p.groups, 'groups');
  const stride = tupleArg(p.stride, dims, 'stride'), padding = tupleArg(p.padding, dims, 'padding');
  const outPad = tupleArg(p.output_padding, dims, 'output_padding'), dil = tupleArg(p.dilation, dims, 'dilation');
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    throw new PyError('RuntimeError', `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${fname}, but got input of size: [${x.shape.join(', ')}]`);
  }
  if (w.ndim !== dims + 2) throw new PyError('RuntimeError', `weight should have at least three dimensions`);
  if (outPad.some((o, i) => o >= stride[i] && o >= dil[i])) {
    const [o2, s2, d2] = dims === 2 ? [outPad, stride, dil] : [[0, outPad[0]], [1, stride[0]], [1, dil[0]]];
    throw new PyError('RuntimeError', `output padding must be smaller than either stride or dilation, but got output_padding_height: ${o2[0]} output_padding_width: ${o2[1]} stride_height: ${s2[0]} stride_width: ${s2[1]} dilation_height: ${d2[0]} dilation_width: ${d2[1]}`);
  }
  const unbatched = x.ndim === dims + 1;
  if (unbatched) x = K.unsqueeze(x, 0);
  if (dims === 1) { x = K.unsqueeze(x, 2); w = K.unsqueeze(w, 2); }
  const [sh, sw] = dims === 2 ? stride : [1, stride[0]];
  const [ph, pw] = dims === 2 ? padding : [0, padding[0]];
  const [oh, ow] = dims === 2 ? outPad : [0, outPad[0]];
  const [dh, dw] = dims === 2 ? dil : [1, dil[0]];
  const cin = w.shape[0];
  if (x.shape[1] !== cin) {
    throw new PyError('RuntimeError', `Given transposed=1, weight of size [${tensorArg(p.weight, fname).shape.join(', ')}], expected input[${tensorArg(p.input, fname).shape.join(', ')}] to have ${cin} channels, but got ${x.shape[1]} channels instead`);
  }
  if (cin % groups !== 0) throw new PyError('RuntimeError', 'Given groups, weight must be divisible by groups');
  const [kh, kw] = [w.shape[2], w.shape[3]];
  const qh = dh * (kh - 1) - ph, qw = dw * (kw - 1) - pw;
  const [hi, wi] = [x.shape[2], x.shape[3]];
  const ho = (hi - 1) * sh + 2 * qh + oh + 1 - dh * (kh - 1), wo = (wi - 1) * sw + 2 * qw + ow + 1 - dw * (kw - 1);
  if (ho < 1 || wo < 1) {
    throw new PyError('RuntimeError', `Given input size per channel: (${hi} x ${wi}). Calculated output size per channel: (${ho} x ${wo}). Output size is too small`);
  }
  let xd = dilateZeros(dilateZeros(x, 2, sh), 3, sw);
  xd = enginePad(xd, [qw, qw + ow, qh, qh + oh]);
  // Per group: weight [Cin/g, Cout/g, kh, kw] → [Cout/g, Cin/g, kh, kw], flipped in space.
  const cg = cin / groups;
  const kernels: Tensor[] = [];
  for (let g = 0; g < groups; g++) kernels.push(K.transpose(engineFlip(K.narrow(w, 0, g * cg, cg), [2, 3]), 0, 1));
  const kernel = groups === 1 ? kernels[0] : K.cat(kernels, 0);
  let y = K.conv2d(xd, kernel, b, { kh, kw, sh: 1, sw: 1, dh, dw, pad: [0, 0, 0, 0] }, groups);
  if (dims === 1) y = K.squeeze(y, 2);
  return unbatched ? K.squeeze(y, 0) : y;
}

const CONVT = ['input', 'weight', 'bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation'];
const CONVT_D = { bias: null, stride: 1n, padding: 0n, output_padding: 0n, groups: 1n, dilation: 1n };

export function padFunctional(): [string, HostFunction][] {
  return [
    fn('pad', ['input', 'pad', 'mode', 'value'], { mode: 'constant', value: null }, padF),
    fn('conv_transpose2d', CONVT, CONVT_D, (p) => convTranspose(p, 2, 'conv_transpose2d')),
    fn('conv_transpose1d', CONVT, CONVT_D, (p) => convTranspose(p, 1, 'conv_transpose1d')),
  ];
}

function dimsList(v: PyValue | undefined, what: string): number[] {
  if (v === undefined) throw new PyError('TypeError', `flip() missing 1 required positional arguments: "${what}"`);
  const items = seqItems(v);
  return items ? items.map((d) => int(d, what)) : [int(v, what)];
}

const flipM: Method = (t, a, k) => engineFlip(t, dimsList(a.length > 1 ? a : arg(a, k, 0, 'dims'), 'dims'));

/** torch.roll(x, shifts, dims): two narrows and a cat per dim (no dims: over the flattened tensor). */
const rollM: Method = (t, a, k) => {
  const shifts = dimsList(arg(a, k, 0, 'shifts'), 'shifts');
  const dv = arg(a, k, 1, 'dims');
  if (dv === undefined || dv === null) {
    if (shifts.length !== 1) throw new PyError('RuntimeError', `shifts and dimensions must align. shifts: ${shifts.length}, dims:0`);
    return K.reshape(roll1(K.flatten(t), shifts[0], 0), t.shape);
  }
  const dims = dimsList(dv, 'dims');
  if (dims.length !== shifts.length) throw new PyError('RuntimeError', `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  let out = t;
  dims.forEach((d, i) => { out = roll1(out, shifts[i], d < 0 ? d + t.ndim : d); });
  return out;
};

function roll1(x: Tensor, shift: number, d: number): Tensor {
  const n = x.shape[d];
  if (n === 0) return x;
  const s = ((shift % n) + n) % n;
  if (s === 0) return K.clone(x);
  return K.cat([K.narrow(x, d, n - s, s), K.narrow(x, d, 0, n - s)], d);
}

export function installPadMethods(): void {
  METHODS.set('flip', flipM);
  METHODS.set('fliplr', (t) => {
    if (t.ndim < 2) throw new PyError('RuntimeError', 'Input must be >= 2-d.');
    return engineFlip(t, [1]);
  });
  METHODS.set('flipud', (t) => {
    if (t.ndim < 1) throw new PyError('RuntimeError', 'Input must be >= 1-d.');
    return engineFlip(t, [0]);
  });
  METHODS.set('roll', rollM);
}

/** torch.flip / fliplr / flipud / roll through the Tensor methods. */
export function padAttributes(): [string, HostFunction][] {
  return ['flip', 'fliplr', 'flipud', 'roll'].map((name) => [name, new HostFunction(name, (a, k) => guard(() => {
    const x = a.length ? a[0] : k.get('input');
    if (!(x instanceof Tensor)) throw new PyError('TypeError', `${name}(): argument 'input' (position 1) must be Tensor, not ${typeNameOf(x ?? null)}`);
    const rest = new Map(k);
    rest.delete('input');
    return METHODS.get(name)!(x, a.slice(1), rest);
  }))]);
}
