// A TypeScript buffer that was never saved (or whose name does not say its language) runs as TypeScript: the
// engine reads the language from the file name, so the host names the buffer by the language the editor shows.
import '../../../bench/host/fakeVscode';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { host, openDocument } from '../../../bench/host/fakeVscode';
import { buildRig, type Rig } from '../../../bench/host/rig';
import { ScriptedEngine } from '../../../bench/host/scriptedEngine';
import { languageOf } from '../../../src/analysis/scriptParser';

let rig: Rig | undefined;
afterEach(() => { rig?.dispose(); rig = undefined; host.documents.length = 0; host.commands.clear(); });

// Type annotations: parsed as JavaScript, this program has no loop (and would not run).
const TS = `import * as tf from '@tensorflow/tfjs';
const w: tf.Variable = tf.variable(tf.randomNormal([3, 1]));
const opt: tf.Optimizer = tf.train.sgd(0.1);
for (let i: number = 0; i < 5; i++) {
  opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
}
`;

for (const [name, languageId, file] of [
  ['Untitled-1', 'typescript', 'Untitled-1.ts'],
  ['train', 'typescript', 'train.ts'],
  ['model.ts', 'typescript', 'model.ts'],
  ['Untitled-2', 'javascript', 'Untitled-2.js'],
] as const) {
  test(`a ${languageId} buffer named "${name}" runs as ${file}`, async () => {
    const engine = new ScriptedEngine({ steps: 1 });
    rig = buildRig(engine);
    const doc = openDocument(`/${name}`, languageId === 'typescript' ? TS : TS.replace(/: [\w.]+ =/g, ' =').replace(/ as tf\.Scalar/, '').replace(/let i: number/, 'let i'), languageId);
    await rig.view.attach(doc);
    const lens = (await rig.view.current()).find((l) => l.command?.title === '▶ Run & plot');
    assert.ok(lens, 'the loop has its lens');
    assert.deepEqual(lens.command!.arguments, [{ uri: doc.uri.toString(), line: 3 }]);
    await host.commands.get(lens.command!.command)!(...lens.command!.arguments!);
    assert.equal(engine.requests[0].file, file);
    assert.equal(languageOf(engine.requests[0].file), languageId);
  });
}
