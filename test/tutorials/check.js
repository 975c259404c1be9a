// Dev driver: node test/tutorials/check.js [name-filter]  — oracle (cached) vs `node dist/cli.js run`, via compare.ts
// (needs `node esbuild.js` and `npx tsc -p .` for out/test/fidelity/compare.js). The unit test does the same in-process.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ROOT = path.resolve(__dirname, '../..');
const { compareRuns, parseRun, formatMismatches } = require(path.join(ROOT, 'out/test/fidelity/compare.js'));
const DIR = __dirname;
const CACHE = path.join(DIR, '.oracle-cache');
const ORACLE = path.join(ROOT, 'test/fidelity/oracle.py');
const m = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
const filter = process.argv[2];
let pass = 0, fail = 0;
for (const r0 of m.runs) {
  const r = { ...m.defaults, ...r0 };
  if (filter && !r.file.includes(filter)) continue;
  const args = ['--seed', String(r.seed)];
  if (r.steps !== undefined) args.push('--steps', String(r.steps));
  const abs = path.join(DIR, r.file);
  const key = sha(JSON.stringify([sha(fs.readFileSync(ORACLE)), sha(fs.readFileSync(abs)), args])).slice(0, 16);
  const cached = path.join(CACHE, `${path.basename(r.file, '.py')}-${key}.json`);
  let torch;
  if (fs.existsSync(cached)) torch = JSON.parse(fs.readFileSync(cached, 'utf8'));
  else {
    const p = spawnSync('/usr/bin/python3', [ORACLE, abs, ...args], { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 28 });
    torch = { code: p.status, stdout: p.stdout, stderr: p.stderr };
    if (p.status === 0 || p.status === 1) { fs.mkdirSync(CACHE, { recursive: true }); fs.writeFileSync(cached, JSON.stringify(torch)); }
  }
  const t0 = Date.now();
  const o = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'run', abs, '--json', ...args], { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 28 });
  const dt = Date.now() - t0;
  const ours = parseRun(o.stdout), ref = parseRun(torch.stdout);
  const checks = r.compare ?? ['params', 'loss', 'grad_norm', 'steps', 'status', 'nonfinite', 'error', 'prints'];
  const ms = compareRuns(ours, ref, checks);
  if (ms.length === 0) { pass++; console.log(`PASS ${r.file} (${dt} ms)`); }
  else { fail++; console.log(`FAIL ${r.file} (${dt} ms)\n` + formatMismatches(r.file, ms, 6)); }
  if (ref.error || ours.error) console.log(`   torch: ${JSON.stringify(ref.error)}\n   ours:  ${JSON.stringify(ours.error)}`);
  if (!ours.records.length) console.log('   stderr:', o.stderr.slice(-400));
}
console.log(`pass ${pass} fail ${fail}`);
