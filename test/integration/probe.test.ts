// The stable-LR probe inside a real extension host: the "Probe stable LR" command runs in the analysis worker and
// returns λ_max of the seed's hand-made net (PyTorch's exact double-backward value: 2.30e6) and the stable lr.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

suite('Stable-LR probe', () => {
  test('Probe Stable Learning Rate on the seed manual loop: λ_max ≈ 2.3e6, stable lr ≈ 8.7e-7, lr 1e-6 at 1.15×', async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension('loss-lens.loss-lens');
    assert.ok(ext);
    await ext.activate();
    const content = fs.readFileSync(path.join(ext.extensionPath, 'examples', 'seed_manual.py'), 'utf8');
    const line = content.split('\n').findIndex((l) => l.startsWith('for t in range(501):'));
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
    const r = await vscode.commands.executeCommand<{ lambda_max: number; stable_lr: number; ratio: number; converged: boolean } | undefined>(
      'lossLens.probeStableLr', { uri: doc.uri.toString(), line });
    if (!vscode.workspace.isTrusted) { assert.strictEqual(r, undefined, 'no snippet runs in an untrusted workspace'); return; }
    assert.ok(r, 'the probe returned a result');
    assert.ok(Math.abs(r.lambda_max - 2.30e6) / 2.30e6 < 0.05, `λ_max ${r.lambda_max}`);
    assert.ok(Math.abs(r.stable_lr - 8.69e-7) / 8.69e-7 < 0.05, `stable lr ${r.stable_lr}`);
    assert.ok(r.ratio > 1 && r.ratio < 1.3, `ratio ${r.ratio}`);
    assert.ok(r.converged);
  });
});

suite('Stable-LR probe of a TensorFlow.js loop', () => {
  test('Probe Stable LR on seed_manual.ts runs the TensorFlow.js engine\'s probe and says how it made its products', async function () {
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension('loss-lens.loss-lens');
    assert.ok(ext);
    await ext.activate();
    // The file itself: its .ts name is what says TypeScript to the engine.
    const doc = await vscode.workspace.openTextDocument(path.join(ext.extensionPath, 'examples', 'seed_manual.ts'));
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('for (let t = 0; t < 500; t++) {'));
    await vscode.window.showTextDocument(doc);
    const r = await vscode.commands.executeCommand<{ lambda_max: number; stable_lr: number; lr: number; optimizer: string; params: string[]; hvp?: string } | undefined>(
      'lossLens.probeStableLr', { uri: doc.uri.toString(), line });
    if (!vscode.workspace.isTrusted) { assert.strictEqual(r, undefined, 'no snippet runs in an untrusted workspace'); return; }
    assert.ok(r, 'the probe returned a result');
    // The tfjs engine's answer (the built-in engine cannot read TypeScript): the program's variables and lr.
    assert.deepStrictEqual(r.params, ['w1', 'w2']);
    assert.strictEqual(r.optimizer, 'hand-written update');
    assert.strictEqual(r.lr, 1e-6);
    assert.strictEqual(r.hvp, 'exact');
    assert.ok(Math.abs(r.stable_lr * r.lambda_max - 2) < 1e-9, `stable lr ${r.stable_lr} = 2/λ ${r.lambda_max}`);
  });
});
