// 2-D float32 products on the wasm backend as one f32x4 kernel over the operands in place (wasmAsm.ts). tfjs's
// BatchMatMul caches XNNPACK's operator by the right operand's dataId; in a training loop that operand is a fresh
// tensor each step (or a transposed copy), so every call packed it again, which cost more than the products.
// Each output here sums its K terms in order, from +0, a mul then an add per term: XNNPACK's f32 GEMM order (the
// splat kernels; see test/unit/engine/matmulWasm.test.ts, which checks the bits against tf.matMul). Lanes are 4
// output columns; transposed operands are read with strides instead of copied.
import * as tf from '@tensorflow/tfjs-core';
import { Body, I32, V128, buildModule } from '../wasmAsm';
import { heapAddress, heapOutput, wasmMemory } from './hostBuf';

/**
 * gemm_R_V(a, aRow, aCol, b, bRow, c, m, k, n): c [m, n] (row-major) = Σ_t a[i·aRow + t·aCol] · b[t·bRow + j·4]
 * (byte strides), R rows × 4·V columns per block. A last block that would pass the end is shifted back to end
 * there (its overlap computed again, to the same bits): m ≥ R, n ≥ 4·V, k ≥ 1.
 */
function gemmKernel(R: number, v: number): Body {
  const f = new Body(9);
  const [a, aRow, aCol, b, bRow, c, m, k, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const ib = f.local(I32), jb = f.local(I32), iq = f.local(I32), jq = f.local(I32), t = f.local(I32);
  const lastR = f.local(I32), lastC = f.local(I32), ap = f.local(I32), bp = f.local(I32), cp = f.local(I32), nB = f.local(I32);
  const ar = Array.from({ length: R }, () => f.local(I32));
  const acc = Array.from({ length: R * v }, () => f.local(V128));
  const bv = Array.from({ length: v }, () => f.local(V128));
  const av = f.local(V128);
  f.get(m).i32(-R).add().set(lastR);
  f.get(n).i32(-4 * v).add().set(lastC);
  f.get(n).i32(4).mul().set(nB);
  f.count(ib, m, R, () => {
    f.get(ib).get(lastR).get(ib).get(lastR).ltU().select().set(iq);
    f.count(jb, n, 4 * v, () => {
      f.get(jb).get(lastC).get(jb).get(lastC).ltU().select().set(jq);
      for (const q of acc) f.vzero().set(q);
      for (let r = 0; r < R; r++) f.get(a).get(iq).i32(r).add().get(aRow).mul().add().set(ar[r]);
      f.get(b).get(jq).i32(4).mul().add().set(bp);
      f.i32(0).set(ap);
      f.count(t, k, 1, () => {
        for (let q = 0; q < v; q++) f.get(bp).vload(16 * q).set(bv[q]);
        for (let r = 0; r < R; r++) {
          f.get(ar[r]).get(ap).add().splat().set(av);
          for (let q = 0; q < v; q++) f.get(acc[r * v + q]).get(av).get(bv[q]).f4mul().f4add().set(acc[r * v + q]);
        }
        f.inc(ap, aCol, true).inc(bp, bRow, true);
      });
      f.get(c).get(iq).get(nB).mul().add().get(jq).i32(4).mul().add().set(cp);
      for (let r = 0; r < R; r++) {
        for (let q = 0; q < v; q++) {
          f.get(cp); if (r) f.get(nB).i32(r).mul().add();
          f.get(acc[r * v + q]).vstore(16 * q);
        }
      }
    });
  });
  return f;
}

type Kernel = (...args: number[]) => void;
const SHAPES: [number, number][] = [[4, 2], [4, 1], [1, 2], [1, 1]];

let kernelsFor: WebAssembly.Memory | null = null;
let kernels: Record<string, Kernel> | null = null;
function getKernels(mem: WebAssembly.Memory): Record<string, Kernel> {
  if (kernels && kernelsFor === mem) return kernels;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(buildModule(SHAPES.map(([r, v]) => ({ name: `g${r}_${v}`, body: gemmKernel(r, v) })))), { env: { memory: mem } });
  kernels = inst.exports as Record<string, Kernel>;
  kernelsFor = mem;
  return kernels;
}

/** Largest inputs taken: the kernel re-reads B once per 4 rows, so big products stay with XNNPACK's packed tiles. */
const MAX_MACS = 1 << 20;

/**
 * op(a)·op(b) for 2-D float32 tensors on the wasm backend (op transposes when the flag is set), or null where the
 * kernel does not apply: then the caller uses tf.matMul.
 */
export function wasmMatMul(a: tf.Tensor, b: tf.Tensor, transA: boolean, transB: boolean): tf.Tensor | null {
  if (a.rank !== 2 || b.rank !== 2 || transB) return null;
  const [a0, a1] = a.shape as [number, number], [b0, n] = b.shape as [number, number];
  const m = transA ? a1 : a0, k = transA ? a0 : a1;
  if (b0 !== k || k < 1 || m < 1 || n < 4 || m * k * n > MAX_MACS) return null;
  const mem = wasmMemory(), aOff = heapAddress(a), bOff = heapAddress(b);
  if (!mem || aOff < 0 || bOff < 0) return null;
  const out = heapOutput([m, n]);
  if (!out) return null;
  const R = m >= 4 ? 4 : 1, v = n >= 8 ? 2 : 1;
  const [aRow, aCol] = transA ? [4, m * 4] : [k * 4, 4];
  getKernels(mem)[`g${R}_${v}`](aOff, aRow, aCol, bOff, n * 4, out.at, m, k, n);
  return out.t;
}
