"""Loss Lens harness: run the user's training script with their own Python and PyTorch, unchanged, and stream the
Loss Lens run record (start, init?, step..., print..., error?, end) as JSON lines.

Started by src/pytorch/pytorchEngine.ts, never by hand:
    LOSS_LENS_REQUEST='{"path": ..., ...}' LOSS_LENS_RECORD_FD=3 python loss_lens_harness.py   (fd 3 = record pipe)

The records go to their own pipe (LOSS_LENS_RECORD_FD), so nothing the program prints or a C library writes to
fd 1/2 can corrupt them; sys.stdout/sys.stderr are replaced so the program's prints become print records in order
with the steps. The file runs as `python FILE ARGS` would (runpy.run_path semantics, __name__ == "__main__"),
its directory as cwd and first on sys.path. The AST is rewritten in place (every line number kept) only to mark
the chosen loop and to apply overrides. Python >= 3.8, no dependency beyond torch.
"""
import builtins
import json
import os
import random
import signal
import sys
import threading
import time
import types

# The harness's own parts, imported from its directory before that directory leaves sys.path; no .pyc files
# are written next to them (the extension's folder may be read-only).
_dont_write = sys.dont_write_bytecode
sys.dont_write_bytecode = True
from loss_lens_records import RecordStream, CapturedOutput, StopRun  # noqa: E402
from loss_lens_rewrite import HOOK_NAME, UsageError, prepare_code  # noqa: E402
from loss_lens_session import Harness  # noqa: E402
sys.dont_write_bytecode = _dont_write


def install_backward_hook(torch, harness):
    """Wrap Tensor.backward and torch.autograd.backward (the former calls the latter: one step, not two)."""
    depth = [0]
    originals = (torch.Tensor.backward, torch.autograd.backward)

    def wrap(orig):
        def backward(tensors, *a, **k):
            if depth[0] > 0:
                return orig(tensors, *a, **k)
            if isinstance(tensors, torch.Tensor):
                loss_t = tensors
            elif isinstance(tensors, (list, tuple)) and len(tensors) == 1:
                loss_t = tensors[0]
            else:
                loss_t = None
            depth[0] += 1
            try:
                return harness.on_backward(loss_t, lambda: orig(tensors, *a, **k))
            finally:
                depth[0] -= 1
        backward.__wrapped__ = orig
        backward.__doc__ = getattr(orig, '__doc__', None)
        return backward

    torch.Tensor.backward = wrap(originals[0])
    torch.autograd.backward = wrap(originals[1])

    def restore():
        torch.Tensor.backward, torch.autograd.backward = originals
    return restore


def seed_everything(seed, torch):
    torch.manual_seed(seed)
    random.seed(seed)
    try:
        import importlib.util
        if importlib.util.find_spec('numpy') is not None:
            import numpy
            numpy.random.seed(seed % 2 ** 32)
    except Exception:
        pass


def watch_manual_seed(torch, h):
    """The program's own torch.manual_seed before its loop's first step: the start record names its line and value."""
    original = torch.manual_seed

    def manual_seed(seed):
        if not h.started:
            line = h.user_line()
            if line is not None:
                h.seed_source = {'line': line, 'seed': int(seed)}
        return original(seed)
    torch.manual_seed = manual_seed
    torch.random.manual_seed = manual_seed


def watch_parent():
    """Exit (with the whole process group) when the engine's process dies, so no run outlives the editor."""
    ppid = os.getppid()

    def loop():
        while True:
            time.sleep(0.5)
            if os.getppid() != ppid:
                try:
                    if os.getpgid(0) == os.getpid():
                        os.killpg(os.getpid(), signal.SIGKILL)
                except Exception:
                    pass
                os._exit(1)
    threading.Thread(target=loop, name='loss-lens-parent-watch', daemon=True).start()


def run(req, stream):
    h = Harness(req, stream)
    t0 = time.perf_counter()

    def end(status):
        rec = {'type': 'end', 'status': status, 'steps': h.step}
        if h.first_nf_step is not None:
            rec['first_nonfinite_step'] = h.first_nf_step
            if h.first_nf_param is not None:
                rec['first_nonfinite_param'] = h.first_nf_param
        rec['elapsed_ms'] = round((time.perf_counter() - t0) * 1000, 1)
        h.emit(rec)
        return (0 if status in ('done', 'diverged', 'stopped') else 1), status

    try:
        code, h.loop_node = prepare_code(h.path, h.loop_line, h.steps, req.get('overrides') or {})
    except SyntaxError as e:
        rec = {'type': 'error', 'error': type(e).__name__, 'message': str(e.msg)}
        if e.lineno is not None:
            rec['line'] = e.lineno
        h.emit(rec)
        return end('error')
    except (UsageError, OSError) as e:
        h.emit({'type': 'error', 'error': 'ValueError' if isinstance(e, UsageError) else type(e).__name__,
                'message': str(e)})
        return end('error')

    try:
        import torch
    except ImportError as e:
        h.emit({'type': 'error', 'error': type(e).__name__,
                'message': '%s in %s — install PyTorch (pip install torch) or set lossLens.pythonPath'
                           % (e, sys.executable)})
        return end('error')
    h.torch = torch

    # The program's world: `python FILE ARGS` run from the file's directory.
    workdir = req.get('cwd') or os.path.dirname(h.path)
    os.chdir(workdir)
    sys.path[0] = os.path.dirname(h.path)
    if req.get('cwd'):
        sys.path.insert(1, workdir)
    sys.argv = [h.path] + [str(a) for a in req.get('args') or []]
    main = types.ModuleType('__main__')
    main.__dict__.update({'__file__': h.path, '__builtins__': builtins, '__loader__': None, '__spec__': None,
                          '__package__': None, '__cached__': None, HOOK_NAME: h})
    h.module_globals = main.__dict__
    harness_module = sys.modules['__main__']  # keep it alive while the program's module takes its place
    sys.modules['__main__'] = main

    restore_hooks = install_backward_hook(torch, h)
    seed_everything(h.seed, torch)
    watch_manual_seed(torch, h)
    real_out, real_err = sys.stdout, sys.stderr
    h.outputs = [CapturedOutput(h, 'stdout', sys.__stdout__), CapturedOutput(h, 'stderr', sys.__stderr__)]
    sys.stdout, sys.stderr = h.outputs

    def in_forked_child():  # a DataLoader worker: plain output, no records, no hooks
        stream.closed = True
        sys.stdout, sys.stderr = real_out, real_err
        restore_hooks()
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=in_forked_child)

    status = 'done'
    try:
        exec(code, main.__dict__)
    except StopRun as s:
        status = s.status
    except KeyboardInterrupt:
        status = 'stopped'
    except SystemExit as e:
        if e.code not in (None, 0):
            rec, _ = h.error_record(e)
            h.emit(rec)
            status = 'error'
    except BaseException as e:
        rec, text = h.error_record(e)
        h.emit({'type': 'print', 'text': text, 'stream': 'stderr'})
        h.emit(rec)
        status = 'error'
    if h.ending is not None and status == 'error':
        status = h.ending  # the program caught StopRun's unwinding and failed on the way out
    if status == 'done' and h.nonfinite_loss and not h.keep_going:
        status = 'diverged'
    for out in h.outputs:  # every thread's unfinished line, before the end
        out.flush()
    code_, _ = end(status)
    sys.stdout, sys.stderr = real_out, real_err
    del harness_module
    return code_, status


def main():
    req = json.loads(os.environ.pop('LOSS_LENS_REQUEST'))
    fd = int(os.environ.pop('LOSS_LENS_RECORD_FD', '3'))
    rfd = os.dup(fd)  # a non-inheritable copy off fd 3, which the program may then reuse freely
    os.close(fd)
    stream = RecordStream(rfd)
    signal.signal(signal.SIGINT, stream.on_sigint)
    watch_parent()
    try:
        code, status = run(req, stream)
    except KeyboardInterrupt:
        stream.write({'type': 'end', 'status': 'stopped', 'steps': 0})
        code, status = 0, 'stopped'
    sys.stdout.flush()
    sys.stderr.flush()
    if status == 'stopped':
        # A stop should be quick: the program's atexit handlers run (they flush logs and writers), but the
        # interpreter's teardown with torch loaded (~0.5-1 s) is skipped.
        import atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == '__main__':
    sys.exit(main())
