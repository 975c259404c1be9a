// `npm run demo`: the seed question answered headlessly. Runs both seed snippets at lr 1e-6 and 1e-4 under
// the same seed, writes every curve (CSV + PNG) and an explanation built from the numbers measured.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliOptions } from './args';
import { summary } from './report';
import { renderPng } from './png';
import { stepsToCsv } from '../protocol/csv';
import { runSnippet } from '../run/runner';
import { probeSnippet } from '../run/probe';
import type { ProbeResult } from '../protocol/analysis';
import { computeInitStats } from '../run/initStats';
import type { InitStats } from '../protocol/analysis';
import { diagnose, initFacts, verdictText } from '../analysis/diagnosis';
import type { Engine } from '../protocol/engine';
import { otherEngine } from './pooled';
import type { EndRecord, RunRecord, StartRecord, StepRecord } from '../protocol/record';

interface DemoRun { name: string; ext: '.py' | '.ts'; lr: string; start?: StartRecord; steps: StepRecord[]; end: EndRecord; error?: string; probe?: ProbeResult; stats?: InitStats }

function describe(r: DemoRun): string {
  const lines = [`### ${r.name}${r.ext} at lr=${r.lr}`, ''];
  if (r.probe) lines.push(`Before the run: ${verdictText(r.probe)}`, '');
  lines.push('```', summary(r.start, r.steps, r.end), '```');
  if (r.error) lines.push('', `Error: ${r.error}`);
  const text = diagnose({ lr: Number(r.lr), probe: r.probe, init: initFacts(r.stats), steps: r.steps, end: r.end });
  if (text.length) lines.push('', `**Diagnosis.** ${text.join(' ')}`);
  return lines.join('\n');
}

export async function runDemo(opts: CliOptions): Promise<number> {
  const examples = [path.join(__dirname, '..', 'examples'), path.join(process.cwd(), 'examples')].find((d) => fs.existsSync(d));
  if (!examples) throw new Error('examples/ folder not found');
  const out = path.resolve(opts.out ?? 'demo-output');
  fs.mkdirSync(out, { recursive: true });
  const runs: DemoRun[] = [];
  for (const name of ['seed_manual', 'seed_module']) {
    for (const lr of ['1e-6', '1e-4']) {
      const source = fs.readFileSync(path.join(examples, `${name}.py`), 'utf8');
      const run: DemoRun = { name, ext: '.py', lr, steps: [], end: { type: 'end', status: 'error', steps: 0 } };
      process.stdout.write(`running ${name}.py with learning_rate=${lr} … `);
      const common = { source, file: `${name}.py`, seed: 0, overrides: { learning_rate: lr }, backend: opts.backend };
      run.probe = await probeSnippet(common).catch(() => undefined);
      run.stats = await computeInitStats(common).catch(() => undefined);
      run.end = await runSnippet(common,
        (rec: RunRecord) => {
          if (rec.type === 'start') run.start = rec;
          else if (rec.type === 'step') run.steps.push(rec);
          else if (rec.type === 'error') run.error = `${rec.error}: ${rec.message} (line ${rec.line})`;
        });
      const last = run.steps[run.steps.length - 1];
      process.stdout.write(`${run.end.status}, ${run.end.steps} steps, final loss ${last?.loss}\n`);
      const base = `${name}_lr${lr}`;
      fs.writeFileSync(path.join(out, `${base}.csv`), stepsToCsv(run.steps));
      fs.writeFileSync(path.join(out, `${base}.png`), await renderPng([{ label: base, steps: run.steps }], `${name}.py · lr ${lr} · ${run.end.status}`));
      runs.push(run);
    }
  }
  // The same question in TensorFlow.js: both seed programs through the tfjs engine (its own worker), same seed.
  const tfjs = otherEngine({ ...opts, engine: 'tfjs' });
  try {
    for (const name of ['seed_manual', 'seed_sequential']) {
      for (const lr of ['1e-6', '1e-4']) runs.push(await tfjsDemoRun(tfjs, examples, out, name, lr));
    }
  } finally {
    tfjs.dispose();
  }
  fs.writeFileSync(path.join(out, 'overlay.png'), await renderPng(runs.map((r) => ({ label: `${r.name}${r.ext} lr ${r.lr}`, steps: r.steps })), 'seed snippets, same seed (0)'));
  const report = ['# Loss Lens demo: why the same learning rate means different things', '',
    'Both seed snippets (../shared/seeds) with the same data and seed (0), each at lr 1e-6 and 1e-4, then the same pair',
    'written for TensorFlow.js (examples/*.ts, run by the tfjs engine). Every number below was measured by this run: the',
    'stable-LR probe (λ_max of the loss Hessian at the initial weights), the init statistics of each weight against',
    'PyTorch\'s nn.Linear default, and the training curves (CSV and PNG beside this file).', '',
    ...runs.map(describe).flatMap((d) => [d, ''])].join('\n');
  fs.writeFileSync(path.join(out, 'README.md'), report);
  process.stdout.write(`\nwrote ${runs.length} runs (CSV + PNG), overlay.png and README.md to ${out}\n`);
  return runs.some((r) => r.end.status === 'error') ? 1 : 0;
}

/** One tfjs seed program at one lr (its `learningRate` constant overridden), through the tfjs engine. */
async function tfjsDemoRun(engine: Engine, examples: string, out: string, name: string, lr: string): Promise<DemoRun> {
  const source = fs.readFileSync(path.join(examples, `${name}.ts`), 'utf8');
  const run: DemoRun = { name, ext: '.ts', lr, steps: [], end: { type: 'end', status: 'error', steps: 0 } };
  process.stdout.write(`running ${name}.ts with learningRate=${lr} … `);
  const req = { source, file: `${name}.ts`, seed: 0, overrides: { learningRate: lr } };
  run.probe = await engine.probe?.(req).catch(() => undefined);
  run.stats = await engine.stats?.(req).catch(() => undefined);
  run.end = await engine.run(req, (records) => {
    for (const rec of records) {
      if (rec.type === 'start') run.start = rec;
      else if (rec.type === 'step') run.steps.push(rec);
      else if (rec.type === 'error') run.error = `${rec.error}: ${rec.message} (line ${rec.line})`;
    }
  }).result;
  const last = run.steps[run.steps.length - 1];
  process.stdout.write(`${run.end.status}, ${run.end.steps} steps, final loss ${last?.loss}\n`);
  const base = `${name}_ts_lr${lr}`;
  fs.writeFileSync(path.join(out, `${base}.csv`), stepsToCsv(run.steps));
  fs.writeFileSync(path.join(out, `${base}.png`), await renderPng([{ label: base, steps: run.steps }], `${name}.ts · lr ${lr} · ${run.end.status}`));
  return run;
}
