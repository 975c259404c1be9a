import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parseWorkerMessage } from '../../../src/protocol/worker';
import { serveWorker, type Port } from '../../../src/worker/serve';
import type { WorkerToHost } from '../../../src/protocol/worker';

describe('worker protocol', () => {
  it('unknown messages fail loudly on both sides', () => {
    assert.throws(() => parseWorkerMessage({ type: 'progress' }), /unknown message from worker/);
    assert.throws(() => parseWorkerMessage(null), /unknown message from worker/);
    assert.throws(() => parseHostMessage({ type: 'request', method: 'run' }), /unknown message from host/);
    assert.deepEqual(parseWorkerMessage({ type: 'ready', backend: 'wasm', initMs: 3 }), { type: 'ready', backend: 'wasm', initMs: 3 });
  });

  it('stop and flow are host messages; malformed ones are not', () => {
    assert.deepEqual(parseHostMessage({ type: 'stop', id: 4 }), { type: 'stop', id: 4 });
    assert.deepEqual(parseHostMessage({ type: 'flow', id: 4, paused: true }), { type: 'flow', id: 4, paused: true });
    assert.throws(() => parseHostMessage({ type: 'stop' }), /unknown message from host/);
    assert.throws(() => parseHostMessage({ type: 'flow', id: 1 }), /unknown message from host/);
  });
});

describe('serveWorker', () => {
  function fakePort() {
    const posted: WorkerToHost[] = [];
    let handler: (m: unknown) => void = () => undefined;
    const port: Port = { on: (_e, fn) => { handler = fn; }, postMessage: (m) => { posted.push(m); } };
    return { port, posted, send: (m: unknown) => handler(m) };
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('queues requests until the backend is ready, serves them in order, sees the stop flag', async () => {
    const { port, posted, send } = fakePort();
    let ready!: () => void;
    const order: number[] = [];
    serveWorker(port, { backend: 'cpu' }, () => new Promise((r) => { ready = () => r('cpu'); }), {
      run: async (params, ctx) => {
        order.push(params.steps!);
        ctx.emit({ type: 'step', step: 0, loss: 1, params: {} });
        return { type: 'end', status: ctx.shouldStop() ? 'stopped' : 'done', steps: 1 };
      },
    });
    const flag = new SharedArrayBuffer(4);
    new Int32Array(flag)[0] = 1;
    send({ type: 'request', id: 1, method: 'run', params: { source: '', steps: 1 } });
    send({ type: 'request', id: 2, method: 'run', params: { source: '', steps: 2 }, stopFlag: flag });
    await settle();
    assert.equal(posted.length, 0, 'nothing before ready');
    ready();
    await settle();
    assert.deepEqual(order, [1, 2]);
    assert.equal(posted[0].type, 'ready');
    assert.deepEqual(posted.slice(1).map((m) => m.type), ['records', 'result', 'records', 'result']);
    assert.deepEqual((posted[2] as { result: unknown }).result, { type: 'end', status: 'done', steps: 1 });
    assert.deepEqual((posted[4] as { result: unknown }).result, { type: 'end', status: 'stopped', steps: 1 });
  });

  it('a stop message reaches a request at its next await (no shared memory needed)', async () => {
    const { port, posted, send } = fakePort();
    serveWorker(port, { backend: 'cpu' }, async () => 'cpu', {
      run: async (_params, ctx) => {
        let i = 0;
        while (!ctx.shouldStop()) { i++; await new Promise((r) => setTimeout(r, 1)); }
        return { type: 'end', status: 'stopped', steps: i };
      },
    });
    send({ type: 'request', id: 3, method: 'run', params: { source: '' } });
    await settle();
    send({ type: 'stop', id: 3 });
    await settle();
    const result = posted.find((m) => m.type === 'result');
    assert.ok(result && result.type === 'result' && (result.result as { status: string }).status === 'stopped');
  });

  it('reports a failed backend as fatal and an unknown method as a failure of that request', async () => {
    const bad = fakePort();
    serveWorker(bad.port, { backend: 'cpu' }, () => Promise.reject(new Error('no wasm')), {});
    await settle();
    assert.deepEqual(bad.posted, [{ type: 'fatal', message: 'backend initialisation failed: no wasm' }]);

    const ok = fakePort();
    serveWorker(ok.port, { backend: 'cpu' }, async () => 'cpu', {});
    ok.send({ type: 'request', id: 7, method: 'probe', params: {} });
    await settle();
    const failure = ok.posted.find((m) => m.type === 'failure');
    assert.ok(failure && failure.type === 'failure' && failure.id === 7 && /no handler for "probe"/.test(failure.message));
  });
});
