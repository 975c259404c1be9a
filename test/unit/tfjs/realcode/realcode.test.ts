// The tfjs real-code corpus (README.md here): every public program's loop is found by the lens, runs to its end on
// the tfjs engine with step records, and agrees with plain Node + tfjs on the same backend (losses of every step,
// every printed line, or the same error). Each verdict is the one corpus.json expects. Skipped, saying why, when
// the corpus files are absent (they are not in git).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judgeTfjs, loadTfjsRealcode, TFJS_CORPUS, type Outcome } from './realcode';

const scripts = loadTfjsRealcode();
const missing = scripts.filter((s) => !fs.existsSync(path.join(TFJS_CORPUS, s.file))).map((s) => s.file);
const skip = missing.length ? `corpus files missing under ${TFJS_CORPUS}: ${missing.slice(0, 3).join(', ')}… (see README.md)` : false;

describe('tfjs real-code corpus: public programs, tfjs engine vs plain Node + tfjs', { skip }, () => {
  const outcomes = new Map<string, Outcome>();
  before(async () => {
    // One at a time: a run owns the process's tfjs engine while it lasts.
    for (const s of scripts) if (!s.skip) outcomes.set(s.file, await judgeTfjs(s));
  });

  for (const s of scripts) {
    test(`${s.file} (${s.source.split(':')[0]}): ${s.expect ?? 'match'}`, { skip: s.skip ?? false }, () => {
      const o = outcomes.get(s.file)!;
      assert.ok(o.loops > 0, `${s.file}: the lens finds no training loop`);
      assert.equal(o.verdict, s.expect ?? 'match', `${s.file}: ${o.detail}`);
      if (o.verdict === 'match' && o.status === 'done') assert.ok(o.steps > 0, `${s.file}: no step recorded`);
    });
  }
});
