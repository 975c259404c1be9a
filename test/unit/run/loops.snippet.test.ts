import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initLoopParser } from '../../../src/analysis/loops';
import { analyzeCells, ipynbCells, markdownCells, notebookCells, pythonCells, setupSource, snippetFor, toDocPosition } from '../../../src/analysis/snippet';

before(async () => { await initLoopParser(); });

const MD = [
  '# Two nets',                 // 0
  '',                           // 1
  '```python',                  // 2
  'import torch',               // 3
  'lr = 1e-4',                  // 4
  '```',                        // 5
  'Some prose.',                // 6
  '```js',                      // 7
  'for (;;) { x.backward() }',  // 8
  '```',                        // 9
  '1. a list item',             // 10
  '   ```py',                   // 11
  '   for t in range(5):',      // 12
  '       loss.backward()',     // 13
  '   ```',                     // 14
  '```python',                  // 15
  'for u in range(2):',         // 16
  '    loss.backward()',        // 17
  '```',                        // 18
].join('\n');

describe('markdown snippets', () => {
  it('takes only python fences, strips list indentation, and keeps document lines', () => {
    const cells = markdownCells('doc.md', MD);
    assert.deepEqual(cells.map((c) => [c.firstLine, c.indent, c.text]), [
      [3, 0, 'import torch\nlr = 1e-4'],
      [12, 3, 'for t in range(5):\n    loss.backward()'],
      [16, 0, 'for u in range(2):\n    loss.backward()'],
    ]);
  });

  it('finds loops in fences with earlier fences as setup and maps them back', () => {
    const a = analyzeCells(markdownCells('doc.md', MD));
    assert.deepEqual(a.loops.map((l) => [l.docLine, l.docEndLine, l.loop.lrName, l.loop.lrValue]), [[12, 13, 'lr', 1e-4], [16, 17, 'lr', 1e-4]]);
    const s = snippetFor(a, a.loops[0]);
    // The whole document's Python is the program; the first loop is chosen by its line.
    assert.equal(s.source, 'import torch\nlr = 1e-4\nfor t in range(5):\n    loss.backward()\nfor u in range(2):\n    loss.backward()\n');
    assert.equal(s.loopLine, 3);
    // an error reported by the runner at snippet line 4, column 4 lands on Markdown line 13, column 7
    assert.deepEqual(toDocPosition(s.parts, 4, 4), { key: 'doc.md', line: 13, column: 7 });
  });

  it('accepts Quarto-style {python} fences and ~~~ fences, not ```python-like words', () => {
    const cells = markdownCells('d', '```{python}\na = 1\n```\n~~~py\nb = 2\n~~~\n```pythonic\nc = 3\n```\n');
    assert.deepEqual(cells.map((c) => c.text), ['a = 1', 'b = 2']);
  });

  it('an unclosed fence runs to the end of the document', () => {
    const cells = markdownCells('d', '```python\nfor i in range(2):\n    l.backward()\n');
    assert.equal(analyzeCells(cells).loops.length, 1);
  });
});

describe('python files', () => {
  it('the program is the whole file (code after the loop runs); the setup is the code above the loop', () => {
    const src = 'a = 1\nfor i in range(2):\n    l.backward()\nplot()\n';
    const a = analyzeCells(pythonCells('f.py', src));
    const s = snippetFor(a, a.loops[0]);
    assert.equal(s.source, src);
    assert.equal(s.loopLine, 2);
    assert.equal(setupSource(s), 'a = 1\n');
    assert.deepEqual(toDocPosition(s.parts, 3), { key: 'f.py', line: 2, column: 0 });
  });
});

describe('notebook snippets', () => {
  const ipynb = JSON.stringify({
    metadata: { kernelspec: { language: 'python' } },
    cells: [
      { cell_type: 'markdown', source: ['# title\n', 'for x in y: z.backward()'] },
      { cell_type: 'code', source: ['%matplotlib inline\n', 'import torch\n', 'lr = 0.5\n', '!pip install nothing'] },
      { cell_type: 'code', source: 'N = 7\nfor t in range(N):\n    if t:\n        %time pass\n    loss.backward()\n' },
    ],
  });

  it('uses earlier code cells as setup, replaces magics with pass, and maps lines to the cell', () => {
    const { cells, notes } = notebookCells(ipynbCells('nb.ipynb', ipynb));
    assert.equal(cells.length, 2);
    assert.equal(cells[0].text, 'pass\nimport torch\nlr = 0.5\npass');
    assert.equal(cells[1].text.split('\n')[3], '        pass');
    assert.match(notes[0], /Skipped 3 IPython lines/);
    const a = analyzeCells(cells, notes);
    assert.equal(a.loops.length, 1);
    const [l] = a.loops;
    assert.equal(l.key, 'nb.ipynb#cell2');
    assert.equal(l.docLine, 1);
    assert.equal(l.loop.totalSteps, 7);
    assert.equal(l.loop.lrName, 'lr');
    assert.equal(l.loop.lrValue, 0.5);
    const s = snippetFor(a, l);
    assert.equal(s.loopLine, 6);
    assert.deepEqual(toDocPosition(s.parts, 2), { key: 'nb.ipynb#cell1', line: 1, column: 0 });
    assert.deepEqual(toDocPosition(s.parts, 9), { key: 'nb.ipynb#cell2', line: 4, column: 0 });
    assert.equal(toDocPosition(s.parts, 99), undefined);
  });

  it('skips cells in other languages', () => {
    const { cells } = notebookCells([{ key: 'c0', kind: 'code', languageId: 'r', text: 'for (i in 1:3) backward()' }]);
    assert.deepEqual(cells, []);
  });
});
