// The PyTorch engine inside a real extension host: the seed's hand-made net run with the user's PyTorch
// (Debian's python3-torch here) through the same command path as the built-in engine, and "Compare Engines"
// running both on one seed — the built-in engine draws PyTorch's numbers, so both runs must end alike.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'loss-lens.loss-lens';
const PYTHON = '/usr/bin/python3';
interface Summary { id: string; status: string; steps: number; engine: string; seed?: number; firstLoss?: number; lastLoss?: number }

suite('PyTorch engine', () => {
  let doc: vscode.TextDocument;
  let loopLine: number;

  suiteSetup(async function () {
    if (!fs.existsSync(PYTHON)) this.skip();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    await vscode.workspace.getConfiguration('lossLens').update('pythonPath', PYTHON, vscode.ConfigurationTarget.Global);
    const content = fs.readFileSync(path.join(ext.extensionPath, 'examples', 'seed_manual.py'), 'utf8');
    loopLine = content.split('\n').findIndex((l) => l.startsWith('for t in range(501):'));
    doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('lossLens').update('pythonPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Run with PyTorch: the seed net trains 501 steps on real PyTorch, recorded as a PyTorch run', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(180_000);
    const s = await vscode.commands.executeCommand<Summary>('lossLens.runWithPytorch', { uri: doc.uri.toString(), line: loopLine });
    assert.ok(s, 'the command returned a summary (no Python/torch problem)');
    assert.strictEqual(s.engine, 'pytorch');
    assert.strictEqual(s.status, 'done');
    assert.strictEqual(s.steps, 501);
    assert.ok(s.lastLoss! < s.firstLoss! * 1e-3, `loss ${s.firstLoss} → ${s.lastLoss}`);
  });

  test('Compare Engines: built-in and PyTorch on one seed end at the same loss', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(240_000);
    const [builtin, pytorch] = await vscode.commands.executeCommand<Summary[]>('lossLens.compareEngines', { uri: doc.uri.toString(), line: loopLine });
    assert.deepStrictEqual([builtin.engine, pytorch.engine], ['builtin', 'pytorch']);
    assert.strictEqual(builtin.seed, pytorch.seed);
    assert.deepStrictEqual([builtin.status, pytorch.status], ['done', 'done']);
    assert.strictEqual(builtin.steps, pytorch.steps);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b) + 1e-6;
    assert.ok(close(builtin.firstLoss!, pytorch.firstLoss!), `first loss ${builtin.firstLoss} vs PyTorch ${pytorch.firstLoss}`);
    assert.ok(close(builtin.lastLoss!, pytorch.lastLoss!), `last loss ${builtin.lastLoss} vs PyTorch ${pytorch.lastLoss}`);
  });
});

suite('TensorFlow.js engine', () => {
  test('a .ts file with a tfjs training loop gets the Run & plot lens, and the run is a TensorFlow.js run', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(ext.extensionPath, 'examples', 'seed_manual.ts')));
    await vscode.window.showTextDocument(doc);
    let run: vscode.CodeLens | undefined;
    for (const end = Date.now() + 20_000; !run && Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
      run = lenses.find((l) => l.command?.title === '▶ Run & plot');
    }
    assert.ok(run, 'a Run & plot lens above the tfjs loop');
    assert.match(doc.lineAt(run.range.start.line).text, /\b(for|while)\b/);
    const s = await vscode.commands.executeCommand<Summary>(run.command!.command, ...(run.command!.arguments ?? []));
    assert.strictEqual(s.engine, 'tfjs');
    assert.strictEqual(s.status, 'done');
    assert.ok(s.steps > 0);
    assert.ok(s.lastLoss! < s.firstLoss!, `loss ${s.firstLoss} → ${s.lastLoss}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
