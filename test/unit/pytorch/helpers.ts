// Shared by the PyTorch engine tests: the repo paths, the torch interpreter and a run collector.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { RunRecord, EndRecord, StepRecord, PrintRecord } from '../../../src/protocol/record';
import type { PytorchEngine, PytorchRunRequest } from '../../../src/pytorch/pytorchEngine';

export const ROOT = path.resolve(__dirname, '../../../..');
export const FIXTURES = path.join(ROOT, 'test/unit/pytorch/fixtures');
/** Debian python3-torch; the python3 first on PATH lacks torch. */
export const TORCH_PYTHON = process.env.LOSS_LENS_TORCH_PYTHON ?? '/usr/bin/python3';

export interface Collected {
  records: RunRecord[];
  /** How many onRecords calls delivered them. */
  batches: number;
  end: EndRecord;
  steps: StepRecord[];
  prints: PrintRecord[];
  pid: number | undefined;
}

export async function collect(engine: PytorchEngine, req: PytorchRunRequest): Promise<Collected> {
  const records: RunRecord[] = [];
  let batches = 0;
  const handle = engine.run(req, (rs) => { batches++; records.push(...rs); });
  const end = await handle.result;
  return {
    records, batches, end, pid: handle.pid,
    steps: records.filter((r): r is StepRecord => r.type === 'step'),
    prints: records.filter((r): r is PrintRecord => r.type === 'print'),
  };
}

/** Runs a Python program directly (no harness): the reference for what the program does on its own. */
export function plainPython(file: string, args: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TORCH_PYTHON, [file, ...args], { cwd: path.dirname(file), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function relClose(a: number, b: number, rtol: number): boolean {
  return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b));
}
