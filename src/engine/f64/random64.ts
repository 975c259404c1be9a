// Random draws for float64 tensors, as PyTorch 1.13's CPU kernels make them for double: uniform_ takes one 64-bit
// draw (two 32-bit words, high first) per element and keeps 53 bits; normal_ uses the scalar normal_fill (53-bit
// uniforms, Box–Muller in double on blocks of 16, the last 16 redrawn) from 16 elements on, and
// normal_distribution<double> (shared with the float path) below that.
import type { Generator } from '../rng';

/** Tensor.uniform_(a, b) on a float64 tensor. */
export function uniform64(gen: Generator, out: Float64Array, a: number, b: number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = gen.uniformDouble() * (b - a) + a;
  return out;
}

/** torch.randn / Tensor.normal_(mean, std) on a contiguous float64 tensor. */
export function normal64(gen: Generator, out: Float64Array, mean: number, std: number): Float64Array {
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = gen.uniformDouble();
  for (let i = 0; i + 16 <= n; i += 16) fill16(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.uniformDouble();
    fill16(out, n - 16, mean, std);
  }
  return out;
}

function fill16(d: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - d[o + j];
    const u2 = d[o + j + 8];
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    d[o + j] = radius * Math.cos(theta) * std + mean;
    d[o + j + 8] = radius * Math.sin(theta) * std + mean;
  }
}
