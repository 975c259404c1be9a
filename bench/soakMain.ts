// `npm run soak [-- STEPS]`: the full soak (default 1,000,000 steps), one line per 50,000 steps, then the growth
// of each side's memory between the first sample after warm-up and the last. Run with --expose-gc (the npm script
// does) so the host heap figures are what is retained after a collection.
import * as path from 'node:path';
import { soak, type SoakSample } from './soak';

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 1_000_000);
  const every = Math.max(1000, Math.round(steps / 20));
  if (!(globalThis as { gc?: unknown }).gc) console.log('(no --expose-gc: host heap figures include uncollected garbage)');
  const row = (s: SoakSample) => console.log(`step ${String(s.step).padStart(8)}  host rss ${s.hostRssMb.toFixed(0).padStart(5)} MB  heap ${s.hostHeapMb.toFixed(1).padStart(6)} MB`
    + `  worker rss ${s.workerRssMb === null ? '  n/a' : s.workerRssMb.toFixed(0).padStart(5)} MB  panel points ${s.panelPoints}`
    + `  host rows ${s.hostRows} points ${s.hostPoints}  log ${s.logRecords} records ${s.logMb.toFixed(1)} MB`);
  const r = await soak({ workerPath: path.join(__dirname, 'worker.js'), steps, sampleEvery: every, log: row });
  const warm = r.samples.find((s) => s.step >= every * 2) ?? r.samples[0];
  const last = r.samples[r.samples.length - 1];
  console.log(`${r.end.status} after ${r.end.steps} steps in ${r.seconds.toFixed(0)} s (${(r.end.steps / r.seconds).toFixed(0)} steps/s)`);
  console.log(`growth from step ${warm.step} to ${last.step}: host rss ${(last.hostRssMb - warm.hostRssMb).toFixed(1)} MB, `
    + `host heap ${(last.hostHeapMb - warm.hostHeapMb).toFixed(1)} MB, worker rss `
    + `${last.workerRssMb !== null && warm.workerRssMb !== null ? (last.workerRssMb - warm.workerRssMb).toFixed(1) : 'n/a'} MB, `
    + `panel points ${warm.panelPoints} → ${last.panelPoints}, host points ${warm.hostPoints} → ${last.hostPoints}`);
  const t0 = r.tensors[0], t1 = r.tensors[r.tensors.length - 1];
  console.log(t0 && t1 ? `worker tensors: step ${t0.step} engine ${t0.engine} tfjs ${t0.tfjs}; step ${t1.step} engine ${t1.engine} tfjs ${t1.tfjs}`
    + ` (${r.tensors.map((t) => t.tfjs).join(' ')})` : 'worker tensors: not reported');
}

main().catch((e) => { console.error(e); process.exit(1); });
