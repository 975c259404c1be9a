import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecordLine } from '../../../src/pytorch/harnessProcess';
import { toJsonLine, type RunRecord } from '../../../src/protocol/record';

it('records come back with non-finite numbers as numbers, text that says "NaN" stays text', () => {
  const recs: RunRecord[] = [
    { type: 'step', step: 3, loss: NaN, params: { w1: { grad_norm: Infinity, weight_norm: 2, update_ratio: -Infinity } }, nonfinite_param: 'w1' },
    { type: 'init', params: { w: { shape: [2], values: [NaN, 1] } } },
    { type: 'print', text: 'NaN' },
    { type: 'error', error: 'ValueError', message: 'Infinity' },
  ];
  // The same JSON the harness writes (non-finite numbers as strings), parsed back.
  for (const r of recs) assert.deepEqual(parseRecordLine(toJsonLine(r)), r);
});
