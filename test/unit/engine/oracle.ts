// Real PyTorch (Debian python3-torch at /usr/bin/python3) as the test oracle. Never a runtime dependency.
import { execFileSync } from 'child_process';

/** Runs Python code with `torch` imported; the code must `print(json.dumps(...))` as its last output line. */
export function torchJson<T = unknown>(code: string): T {
  const src = `import torch, json, math\ntorch.set_num_threads(1)\n${code}`;
  const out = execFileSync('/usr/bin/python3', ['-c', src], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > m || Number.isNaN(d)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
