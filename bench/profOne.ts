// `node dist/profOne.js NAME [STEPS] [--records FILE]`: one small-op workload on the built-in engine, for
// `node --cpu-prof` and A/B timing; --records writes every run record (JSON lines) so a change can be checked to
// leave the numbers bit-identical (`cmp` the files of two builds).
import * as fs from 'node:fs';
import { runSnippet } from '../src/run/runner';
import { WORKLOADS, loopMs } from './smallOps';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--records');
  const recordsFile = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const w = WORKLOADS.find((x) => x.name === args[0]);
  if (!w) throw new Error(`workloads: ${WORKLOADS.map((x) => x.name).join(', ')}`);
  const steps = Number(args[1] ?? w.steps);
  let printed = '';
  const lines: string[] = [];
  const end = await runSnippet({ source: w.source(steps), file: `${w.name}.py`, seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'print') printed += r.text;
    if (r.type === 'error') printed += `${r.error}: ${r.message} (line ${r.line})\n`;
    // Timing lines differ run to run; everything else must not.
    if (recordsFile && !(r.type === 'print' && r.text.startsWith('LOOP_MS'))) lines.push(JSON.stringify({ ...r, t: undefined, ms: undefined, elapsed_ms: undefined }));
  });
  if (recordsFile) fs.writeFileSync(recordsFile, lines.join('\n') + '\n');
  process.stdout.write(`${w.name}: ${end.status} loop ${loopMs(printed)?.toFixed(0)} ms\n`);
}
void main();
