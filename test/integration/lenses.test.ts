// Training-loop code lenses inside a real extension host: they appear above the seed's hand-made training loop
// and disappear when `lossLens.codeLens.enabled` is false.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loss-lens.loss-lens';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
}

/** Lenses come from an async parse after a debounce: poll until `cond` holds. */
async function pollLenses(uri: vscode.Uri, what: string, cond: (l: vscode.CodeLens[]) => boolean, timeoutMs = 15_000): Promise<vscode.CodeLens[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lenses = (await lensesOf(uri)).filter((l) => l.command?.command.startsWith('lossLens.') || l.command?.command === 'workbench.trust.manage');
    if (cond(lenses)) return lenses;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Training-loop lenses', () => {
  let doc: vscode.TextDocument;
  let loopLine: number;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const content = fs.readFileSync(path.join(ext.extensionPath, 'examples', 'seed_manual.py'), 'utf8');
    loopLine = content.split('\n').findIndex((l) => l.startsWith('for t in range(501):'));
    assert.ok(loopLine > 0, 'the seed snippet has its training loop');
    doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('lossLens').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('lenses appear above the seed\'s manual training loop', async () => {
    const lenses = await pollLenses(doc.uri, 'training-loop lenses', (l) => l.length > 0);
    assert.ok(lenses.every((l) => l.range.start.line === loopLine), `all lenses on line ${loopLine + 1}`);
    const titles = lenses.map((l) => l.command!.title);
    if (vscode.workspace.isTrusted) {
      assert.deepStrictEqual(titles, ['▶ Run & plot', 'Run with lr… (now 1e-6)', 'Run with…', 'Sweep LR', 'Probe stable LR']);
      assert.deepStrictEqual(lenses[0].command!.arguments, [{ uri: doc.uri.toString(), line: loopLine }]);
    } else {
      assert.strictEqual(titles.length, 1);
      assert.match(titles[0], /untrusted/);
    }
  });

  test('lenses appear on a ```python fence of a Markdown file, at the loop\'s Markdown line', async () => {
    const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: [
      '# Notes', '', '```python', 'lr = 0.01', '```', 'text', '```python', 'for t in range(10):', '    loss.backward()', '```', '',
    ].join('\n') });
    const lenses = await pollLenses(md.uri, 'Markdown lenses', (l) => l.length > 0);
    assert.deepStrictEqual(lenses.map((l) => l.range.start.line), [7, 7, 7, 7, 7]);
    if (vscode.workspace.isTrusted) assert.strictEqual(lenses[1].command!.title, 'Run with lr… (now 0.01)');
  });

  test('no lens above code that does not train', async () => {
    const other = await vscode.workspace.openTextDocument({ language: 'python', content: 'for i in range(3):\n    print(i)\n' });
    // Give the provider the same time it needed above; it must still find nothing.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepStrictEqual((await lensesOf(other.uri)).filter((l) => l.command?.command.startsWith('lossLens.')), []);
  });

  test('lenses disappear when lossLens.codeLens.enabled is false, and come back', async () => {
    const config = vscode.workspace.getConfiguration('lossLens');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    await pollLenses(doc.uri, 'lenses to disappear', (l) => l.length === 0);
    await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await pollLenses(doc.uri, 'lenses to come back', (l) => l.length > 0);
  });
});

suite('Runs from a lens', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('lossLens.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function diagnosticsOf(uri: vscode.Uri, timeoutMs = 90_000): Promise<vscode.Diagnostic[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Loss Lens');
      if (d.length > 0) return d;
      if (Date.now() > end) throw new Error('timed out waiting for a Loss Lens diagnostic');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('a snippet error becomes a diagnostic at its line in a Python file', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content:
      'import torch\nw = torch.randn(3, requires_grad=True)\ny = nope + 1\nfor t in range(3):\n    (w * w).sum().backward()\n' });
    await vscode.window.showTextDocument(doc);
    const [lens] = await pollLenses(doc.uri, 'the run lens', (l) => l.length > 0);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const [d] = await diagnosticsOf(doc.uri);
    assert.strictEqual(d.range.start.line, 2);
    assert.match(d.message, /NameError: name 'nope' is not defined/);
    // editing the snippet clears the run's diagnostics: they described the code as it was run
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(2, 4, 2, 8), 'w.sum()');
    await vscode.workspace.applyEdit(edit);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'Loss Lens'), []);
  });

  test('"■ Stop" replaces the run lens while a `while True:` loop runs, and stops it', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content:
      'import torch\nw = torch.randn(3, requires_grad=True)\nwhile True:\n    (w * w).sum().backward()\n' });
    await vscode.window.showTextDocument(doc);
    const [run] = await pollLenses(doc.uri, 'the run lens', (l) => l.length > 0);
    // Run commands resolve when the run ends: this one ends only when stopped.
    const ran = vscode.commands.executeCommand<{ status: string }>(run.command!.command, ...(run.command!.arguments ?? []));
    const [stop] = await pollLenses(doc.uri, 'the Stop lens', (l) => l.length === 1 && l[0].command!.title === '■ Stop');
    await vscode.commands.executeCommand(stop.command!.command, ...(stop.command!.arguments ?? []));
    await pollLenses(doc.uri, 'the run lens to come back', (l) => l[0]?.command?.title === '▶ Run & plot', 5_000);
    assert.strictEqual((await ran).status, 'stopped');
  });

  test('the seed\'s manual net at lr 1e-4 diverges naming w1; a rerun at 1e-6 keeps the seed and trains', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const content = fs.readFileSync(path.join(ext.extensionPath, 'examples', 'seed_manual.py'), 'utf8');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    const ref = { uri: doc.uri.toString(), line: content.split('\n').findIndex((l) => l.startsWith('for t in')) };
    type Summary = { status: string; seed?: number; lr?: number; firstNonfiniteParam?: string; steps: number };
    const hot = await vscode.commands.executeCommand<Summary>('lossLens.rerunWithLr', ref, 1e-4);
    assert.strictEqual(hot.status, 'diverged');
    assert.strictEqual(hot.firstNonfiniteParam, 'w1');
    assert.strictEqual(hot.lr, 1e-4);
    const cool = await vscode.commands.executeCommand<Summary>('lossLens.rerunWithLr', ref, 1e-6);
    assert.strictEqual(cool.status, 'done');
    assert.strictEqual(cool.steps, 501);
    assert.strictEqual(cool.seed, hot.seed, 'same seed for a fair A/B');
  });

  test('Sweep LR finds the best and the first diverging lr of a quadratic (stable below lr 0.5)', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(180_000);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content:
      'import torch\nw = torch.ones(4, requires_grad=True)\nlr = 0.01\nfor t in range(100):\n    loss = 2 * (w * w).sum()\n'
      + '    loss.backward()\n    with torch.no_grad():\n        w -= lr * w.grad\n        w.grad.zero_()\n' });
    const out = await vscode.commands.executeCommand<{ best?: number; firstDiverging?: number; runIds: string[] }>(
      'lossLens.sweepLr', { uri: doc.uri.toString(), line: 3 });
    assert.strictEqual(out.runIds.length, 8);
    assert.strictEqual(out.best, 0.1);
    assert.strictEqual(out.firstDiverging, 1);
  });

  test('notebooks: lenses on the training cell, earlier cells as setup, an error mapped to its cell line', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const code = (text: string) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python');
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([
      code('import torch\nw = torch.ones(3, requires_grad=True)\nlr = 0.1'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Train', 'markdown'),
      code('%matplotlib inline\nfor t in range(5):\n    (w * nope).sum().backward()'),
    ]));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const lenses = await pollLenses(cell.uri, 'notebook cell lenses', (l) => l.length > 0);
    assert.deepStrictEqual(lenses.map((l) => l.range.start.line), [1, 1, 1, 1, 1]);
    assert.strictEqual(lenses[1].command!.title, 'Run with lr… (now 0.1)', 'lr found in an earlier cell');
    assert.deepStrictEqual(await lensesOf(nb.cellAt(0).document.uri).then((l) => l.filter((x) => x.command?.command.startsWith('lossLens.'))), []);
    await vscode.commands.executeCommand(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []));
    const [d] = await diagnosticsOf(cell.uri);
    assert.strictEqual(d.range.start.line, 2);
    assert.match(d.message, /NameError: name 'nope' is not defined/);
  });

  test('an error in a Markdown fence is reported at the Markdown line', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(120_000); // a run on a machine shared with other builds
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: [
      '# Setup', '```python', 'import torch', 'w = torch.randn(3, requires_grad=True)', '```', 'Then train:', '',
      '```python', 'for t in range(3):', '    (w * nope).sum().backward()', '```', '',
    ].join('\n') });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('lossLens.runLoopAtCursor', { uri: doc.uri.toString(), line: 8 });
    const [d] = await diagnosticsOf(doc.uri);
    assert.strictEqual(d.range.start.line, 9);
    assert.match(d.message, /NameError/);
  });
});
