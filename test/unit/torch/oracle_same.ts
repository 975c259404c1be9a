// Test helper: runs one snippet in our stack and under real PyTorch 1.13 and compares the printed transcripts
// (numbers within rtol/atol, everything else exactly).
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch } from './snippet';

export function same(src: string, rtol = 1e-5, atol = 1e-6): void {
  const ours = runOurs(src);
  assert.equal(ours.error, null, `our run failed: ${ours.error}\n${ours.out}`);
  const ref = runTorch(src);
  const d = diffOutputs(ours.out, ref, rtol, atol);
  assert.equal(d, null, d ?? '');
}
