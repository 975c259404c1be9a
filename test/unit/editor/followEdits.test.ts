import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftLine } from '../../../src/editor/runs/followEdits';

test('a loop\'s line follows edits above it and ignores edits below or inside it', () => {
  const at = (startLine: number, endLine: number, text: string, startCharacter = 0) => ({ startLine, startCharacter, endLine, text });
  assert.equal(shiftLine(5, at(0, 0, '# a\n# b\n')), 7, 'two lines inserted at the top');
  assert.equal(shiftLine(5, at(1, 3, '')), 3, 'two lines deleted above');
  assert.equal(shiftLine(5, at(1, 2, 'x = 1')), 4, 'two lines joined into one above');
  assert.equal(shiftLine(5, at(5, 5, '# note\n')), 6, 'a line inserted at the start of the loop line');
  assert.equal(shiftLine(5, at(5, 5, 'x', 4)), 5, 'typing inside the loop line');
  assert.equal(shiftLine(5, at(6, 8, '\n\n\n')), 5, 'edits in the body');
  assert.equal(shiftLine(5, at(4, 5, '')), 5, 'a change reaching into the loop line leaves it where it was');
});
