// torch.nn.init, step for step like PyTorch 1.13's torch/nn/init.py (same double arithmetic for bounds, same
// draws in the same order), so default-initialised layers equal PyTorch's after the same manual_seed.
import { noGrad } from './autograd';
import { EngineError, Tensor } from './tensor';
import { Generator, defaultGenerator } from './rng';
import { fill_, normal_ as tNormal_, uniform_ as tUniform_ } from './ops/inplace';
import { empty } from './creation';

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** nn.init.calculate_gain */
export function calculateGain(nonlinearity: string, param: number | null = null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    const slope = param === null ? 0.01 : param;
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new EngineError('ValueError', `Unsupported nonlinearity ${nonlinearity}`);
}

/** nn.init._calculate_fan_in_and_fan_out */
export function calculateFanInAndFanOut(t: Tensor | readonly number[]): [number, number] {
  const shape = t instanceof Tensor ? t.shape : t;
  if (shape.length < 2) throw new EngineError('ValueError', 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  let receptive = 1;
  for (const s of shape.slice(2)) receptive *= s;
  return [shape[1] * receptive, shape[0] * receptive];
}

function correctFan(t: Tensor, mode: string): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') throw new EngineError('ValueError', `Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fi, fo] = calculateFanInAndFanOut(t);
  return m === 'fan_in' ? fi : fo;
}

export function uniform_(t: Tensor, a = 0, b = 1, gen: Generator = defaultGenerator): Tensor {
  return noGrad(() => tUniform_(t, a, b, gen));
}
export function normal_(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  return noGrad(() => tNormal_(t, mean, std, gen));
}
export function constant_(t: Tensor, val: number): Tensor { return noGrad(() => fill_(t, val)); }
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export function xavierUniform_(t: Tensor, gain = 1, gen: Generator = defaultGenerator): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fi + fo));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a, gen);
}
export function xavierNormal_(t: Tensor, gain = 1, gen: Generator = defaultGenerator): Tensor {
  const [fi, fo] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2.0 / (fi + fo)), gen);
}

export function kaimingUniform_(t: Tensor, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu', gen: Generator = defaultGenerator): Tensor {
  if (t.shape.includes(0)) return t; // PyTorch warns "Initializing zero-element tensors is a no-op"
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound, gen);
}
export function kaimingNormal_(t: Tensor, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu', gen: Generator = defaultGenerator): Tensor {
  if (t.shape.includes(0)) return t;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  return normal_(t, 0, std, gen);
}

/** nn.Linear.reset_parameters: weight kaiming_uniform_(a=√5), then bias U(±1/√fan_in). */
export function resetLinear(weight: Tensor, bias: Tensor | null, gen: Generator = defaultGenerator): void {
  kaimingUniform_(weight, Math.sqrt(5), 'fan_in', 'leaky_relu', gen);
  if (bias) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, gen);
  }
}

/** nn.Linear(in, out, bias)'s parameters, initialised as PyTorch does (weight [out, in], requires_grad). */
export function linearParams(inFeatures: number, outFeatures: number, bias = true, gen: Generator = defaultGenerator): { weight: Tensor; bias: Tensor | null } {
  const w = empty([outFeatures, inFeatures]);
  const b = bias ? empty([outFeatures]) : null;
  resetLinear(w, b, gen);
  w.requiresGrad = true;
  if (b) b.requiresGrad = true;
  return { weight: w, bias: b };
}
