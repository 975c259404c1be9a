// `node dist/profOne.js NAME [STEPS]`: one small-op workload on the built-in engine, for `node --cpu-prof`.
import { runSnippet } from '../src/run/runner';
import { WORKLOADS, loopMs } from './smallOps';

async function main(): Promise<void> {
  const w = WORKLOADS.find((x) => x.name === process.argv[2]);
  if (!w) throw new Error(`workloads: ${WORKLOADS.map((x) => x.name).join(', ')}`);
  const steps = Number(process.argv[3] ?? w.steps);
  let printed = '';
  const end = await runSnippet({ source: w.source(steps), file: `${w.name}.py`, seed: 0, backend: 'wasm' }, (r) => {
    if (r.type === 'print') printed += r.text;
    if (r.type === 'error') printed += `${r.error}: ${r.message} (line ${r.line})\n`;
  });
  process.stdout.write(`${w.name}: ${end.status} loop ${loopMs(printed)?.toFixed(0)} ms\n`);
}
void main();
