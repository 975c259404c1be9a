// `node out/test/unit/tfjs/realcode/report.js [FILE…]`: runs the tfjs corpus and prints each verdict; without FILE
// arguments (or with --write) it rewrites RESULTS.md here with the programs run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judgeTfjs, loadTfjsRealcode, REALCODE_DIR, type Outcome } from './realcode';

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const only = process.argv.slice(2).filter((a) => a !== '--write');
  const scripts = loadTfjsRealcode().filter((s) => only.length === 0 || only.includes(s.file));
  const rows: Outcome[] = [];
  for (const s of scripts) {
    const t0 = Date.now();
    const o = await judgeTfjs(s);
    rows.push(o);
    console.log(`${s.file}: ${o.verdict} — ${o.detail} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  if (only.length && !write) return;
  const lines = [
    '# tfjs real-code corpus: results',
    '',
    'Written by `node out/test/unit/tfjs/realcode/report.js` (README.md here). Engine: the lens\'s first loop chosen, seed 1;',
    'oracle: plain Node + tfjs on the same backend, Math.random seeded the same way. Losses compared at rtol 1e-5.',
    '',
    '| script | source | lens loops (chosen line) | steps (plain Node) | end | max rel. loss diff | verdict | detail |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((o) => `| ${o.script.file} | ${o.script.source.split(':')[0]} | ${o.loops} (${o.loopLine ?? '–'}) | ${o.steps} (${o.refSteps}) | ${o.status} | ${o.maxRelErr.toExponential(1)} | ${o.verdict} | ${o.detail.replace(/\|/g, '\\|')} |`),
    '',
    `${rows.filter((o) => o.verdict === 'match').length} of ${rows.length} match.`,
    '',
  ];
  fs.writeFileSync(path.join(REALCODE_DIR, 'RESULTS.md'), lines.join('\n'));
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
