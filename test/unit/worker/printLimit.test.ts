import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../../src/protocol/record';
import { PrintLimiter } from '../../../src/worker/printLimit';

const print = (text: string): RunRecord => ({ type: 'print', text });
const texts = (rs: RunRecord[]) => rs.filter((r) => r.type === 'print').map((r) => (r as { text: string }).text);

describe('PrintLimiter', () => {
  it('keeps the first maxLines lines, then says exactly how many more there were, before the end record', () => {
    const out: RunRecord[] = [];
    const lim = new PrintLimiter((r) => out.push(r), { maxLines: 10_000, recordsPerSec: 1e12 });
    for (let i = 0; i < 1_214_331; i++) lim.push(print(`${i}\n`));
    lim.push({ type: 'end', status: 'stopped', steps: 0 });
    const t = texts(out);
    assert.equal(t.length, 10_001);
    assert.equal(t[9_999], '9999\n');
    assert.equal(t[10_000], '… 1,204,331 more lines not shown\n');
    assert.equal(out.at(-1)?.type, 'end');
  });

  it('counts lines, not records: multi-line prints are cut at the line, partial lines count once', () => {
    const out: RunRecord[] = [];
    const lim = new PrintLimiter((r) => out.push(r), { maxLines: 3, recordsPerSec: 1e12 });
    lim.push(print('a\nb\n'));
    lim.push(print('c\nd\ne'));  // keeps "c\n"; hides "d\n" and the partial "e" …
    lim.push(print('f\n'));      // … which "f\n" ends: still one line
    lim.push(print('g'));
    lim.finish();
    assert.deepEqual(texts(out), ['a\nb\n', 'c\n', '… 3 more lines not shown\n']);
    const one: RunRecord[] = [];
    const l1 = new PrintLimiter((r) => one.push(r), { maxLines: 1, recordsPerSec: 1e12 });
    l1.push(print('x\ny\n'));
    l1.finish();
    assert.deepEqual(texts(one), ['x\n', '… 1 more line not shown\n']);
  });

  it('a huge single line is cut by the character cap; the rest of that line is not counted as a hidden line', () => {
    const out: RunRecord[] = [];
    const lim = new PrintLimiter((r) => out.push(r), { maxChars: 10, recordsPerSec: 1e12 });
    lim.push(print('0123456789ABCDEF\nnext\nlast\n'));
    lim.finish();
    assert.deepEqual(texts(out), ['0123456789', '\n… 2 more lines not shown\n']);
  });

  it('above the rate, consecutive prints merge into fewer records; text and order with other records are kept', () => {
    let t = 0;
    const out: RunRecord[] = [];
    const lim = new PrintLimiter((r) => out.push(r), { recordsPerSec: 2, now: () => t });
    lim.push(print('1\n')); lim.push(print('2\n'));  // the burst (2 tokens) passes unmerged
    lim.push(print('3\n')); lim.push(print('4\n'));  // no token left: merged, held
    assert.equal(out.length, 2);
    lim.push({ type: 'step', step: 0, loss: 1, params: {} });  // the held text goes out before the step
    t = 1000;                                                  // a second later: tokens again
    lim.push(print('5\n'));
    assert.deepEqual(out.map((r) => (r.type === 'print' ? r.text : r.type)), ['1\n', '2\n', '3\n4\n', 'step', '5\n']);
  });

  it('an unlimited stream of prints never blocks the snippet and keeps a bounded number of records', () => {
    const out: RunRecord[] = [];
    const lim = new PrintLimiter((r) => out.push(r));
    for (let i = 0; i < 2_000_000; i++) lim.push(print(`line ${i}\n`));
    lim.finish();
    assert.ok(out.length <= 10_001, `${out.length} records`);
    assert.equal(texts(out).join('').split('\n').length - 1, 10_000 + 1);
  });
});
