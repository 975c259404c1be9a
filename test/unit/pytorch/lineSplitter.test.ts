import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/pytorch/lineSplitter';

describe('LineSplitter', () => {
  it('joins lines split across chunks, including a UTF-8 character cut in two', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('{"a":1}\n{"t":"λ→"}\nlast');
    s.push(bytes.subarray(0, 3));
    s.push(bytes.subarray(3, 15)); // inside "λ" (2 bytes from offset 14)
    s.push(bytes.subarray(15));
    assert.deepEqual(lines, ['{"a":1}', '{"t":"λ→"}']);
    s.end();
    assert.deepEqual(lines, ['{"a":1}', '{"t":"λ→"}', 'last']);
  });

  it('drops a line longer than the limit, reports its size, and keeps the lines after it', () => {
    const lines: string[] = [];
    const dropped: number[] = [];
    const s = new LineSplitter((l) => lines.push(l), { maxLineBytes: 10, onOverflow: (n) => dropped.push(n) });
    s.push(Buffer.from('short\n0123456'));
    s.push(Buffer.from('789abcdef'));
    s.push(Buffer.from('ghij\nok\n'));
    assert.deepEqual(lines, ['short', 'ok']);
    assert.deepEqual(dropped, [20]);
  });
});
