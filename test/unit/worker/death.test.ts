// The stderr texts below are what node 20's V8 printed when the engine ran these snippets in a child process
// (dist/cli.js run, before runs had their own process): `x = x + x` in a loop, and list(range(200000000)).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeDeath, taintsWorker } from '../../../src/worker/death';

const INVALID_SIZE = `
#
# Fatal error in , line 0
# Fatal JavaScript invalid size error 150994987 (see crbug.com/1201626)
#
#
#
#FailureMessage Object: 0x7ffea2499f50
----- Native stack trace -----

 1: 0xd32b41  [node]
 2: 0x214a881 V8_Fatal(char const*, ...) [node]
 6: 0x15129a6 v8::internal::Runtime_GrowArrayElements(int, unsigned long*, v8::internal::Isolate*) [node]
`;
const HEAP_OOM = `
<--- Last few GCs --->

[12001:0xf461d40]    66979 ms: Scavenge 3210.8 (3268.4) -> 3202.5 (3272.2) MB, 46.86 / 0.00 ms  (average mu = 0.798, current mu = 0.764) allocation failure;

<--- JS stacktrace --->

FATAL ERROR: invalid array length Allocation failed - JavaScript heap out of memory
----- Native stack trace -----

 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]
`;

describe('describeDeath', () => {
  it('V8 out of memory, from the signal and stderr it leaves', () => {
    assert.deepEqual(describeDeath({ code: null, signal: 'SIGABRT', stderrTail: HEAP_OOM }, { steps: 812, heapMb: 4096 }),
      { error: 'MemoryError', message: "the run's process ran out of memory at step 812 (heap cap 4096 MB)" });
    assert.deepEqual(describeDeath({ code: null, signal: 'SIGTRAP', stderrTail: INVALID_SIZE }, { steps: 0, heapMb: 4096 }), {
      error: 'MemoryError',
      message: "the run's process ran out of memory before its first step: a list or string grew past the engine's size limit (V8: invalid size)",
    });
    const thread = 'Loss Lens run thread failed: ERR_WORKER_OUT_OF_MEMORY: Worker terminated due to reaching memory limit: JS heap out of memory\n';
    assert.equal(describeDeath({ code: 70, signal: null, stderrTail: thread }, { steps: 5, heapMb: 512 }).message,
      "the run's process ran out of memory at step 5 (heap cap 512 MB)");
  });

  it('wasm aborts, kills, crashes and plain exits', () => {
    assert.deepEqual(describeDeath({ code: 1, signal: null, stderrTail: 'RuntimeError: Aborted(OOM). Build with -sASSERTIONS for more info.' }, { steps: 3 }),
      { error: 'WorkerError', message: "the run's process aborted in the tensor backend at step 3 (wasm: Aborted(OOM))" });
    assert.match(describeDeath({ code: null, signal: 'SIGKILL', stderrTail: '' }, { steps: 2 }).message, /^the run's process was killed \(SIGKILL\) at step 2; the system may be out of memory$/);
    assert.equal(describeDeath({ code: null, signal: 'SIGSEGV', stderrTail: '' }).message, "the run's process crashed (SIGSEGV)");
    assert.equal(describeDeath({ code: 3, signal: null, stderrTail: 'some warning\nError: boom\n' }, { steps: 1 }).message,
      "the run's process exited (code 3) at step 1: Error: boom");
  });

  it('internal errors and wasm traps taint a worker; the snippet\'s own exceptions do not', () => {
    assert.equal(taintsWorker({ error: 'InternalError', message: 'x is undefined' }), true);
    assert.equal(taintsWorker({ error: 'RuntimeError', message: 'Aborted(). Build with -sASSERTIONS for more info.' }), true);
    assert.equal(taintsWorker({ error: 'RuntimeError', message: 'memory access out of bounds' }), true);
    assert.equal(taintsWorker({ error: 'RuntimeError', message: 'mat1 and mat2 shapes cannot be multiplied (64x1000 and 100x10)' }), false);
    assert.equal(taintsWorker({ error: 'MemoryError', message: '' }), false);
  });
});
