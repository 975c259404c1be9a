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
import ast
import io
import json
import math
import os
import random
import signal
import sys
import threading
import time
import traceback
import types
import weakref

HARNESS_FILE = os.path.abspath(__file__)
HOOK_NAME = '__loss_lens__'  # dunder on both sides: never name-mangled inside class bodies
PRINT_FLUSH_CHARS = 1 << 16


class StopRun(BaseException):
    """Ends the program from inside backward() (BaseException: the program's `except Exception` must not catch it)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def jnum(x):
    """A float for JSON; non-finite numbers as the strings the run record uses."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


# ---------------------------------------------------------------------------------------------- record stream

class RecordStream:
    """JSON lines on a private fd. A SIGINT arriving in the middle of a write is deferred until the line is
    complete, so a stop never leaves half a record in the pipe."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.RLock()
        self.writer = None  # thread ident inside write_line
        self.interrupt_pending = False
        self.closed = False

    def write(self, rec):
        if self.closed:
            return
        data = (json.dumps(rec, allow_nan=False, separators=(',', ':')) + '\n').encode('ascii')
        with self.lock:
            self.writer = threading.get_ident()
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view):]
            except (BrokenPipeError, OSError):
                os._exit(1)  # the engine is gone: nobody reads the run any more
            finally:
                self.writer = None
        if self.interrupt_pending and threading.current_thread() is threading.main_thread():
            self.interrupt_pending = False
            raise KeyboardInterrupt

    def on_sigint(self, signum, frame):
        if self.writer == threading.get_ident():
            self.interrupt_pending = True
            return
        raise KeyboardInterrupt


class CapturedOutput(io.TextIOBase):
    """sys.stdout / sys.stderr of the program: text becomes print records (one per completed write that ends a
    line, so one per print() call; partial text goes out before any other record)."""

    def __init__(self, harness, stream_name, real):
        super().__init__()
        self.harness, self.stream_name, self.real = harness, stream_name, real
        self.parts, self.size, self.line = [], 0, None
        self.buffer = _BytesToText(self)

    @property
    def encoding(self):
        return 'utf-8'

    @property
    def errors(self):
        return 'strict'

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self.real.fileno()  # faulthandler, subprocess: the real fd, read by the engine

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        if not s:
            return 0
        if not self.parts:
            self.line = self.harness.user_line()
        self.parts.append(s)
        self.size += len(s)
        if s.endswith('\n') or self.size >= PRINT_FLUSH_CHARS:
            self.flush()
        return len(s)

    def flush(self):
        if not self.parts:
            return
        text, line = ''.join(self.parts), self.line
        self.parts, self.size, self.line = [], 0, None
        self.harness.emit_print(text, line, self.stream_name)


class _BytesToText:
    """sys.stdout.buffer for programs that write bytes."""

    def __init__(self, text):
        self.text = text

    def write(self, b):
        self.text.write(bytes(b).decode('utf-8', 'replace'))
        return len(b)

    def flush(self):
        self.text.flush()


# ---------------------------------------------------------------------------------------------- source rewrite

class UsageError(Exception):
    """A request that does not fit the file (an override without an assignment, a loop line without a loop)."""


def _at(node, like):
    node.lineno, node.col_offset = like.lineno, like.col_offset
    node.end_lineno = getattr(like, 'end_lineno', like.lineno)
    node.end_col_offset = getattr(like, 'end_col_offset', like.col_offset)
    return node


def _hook_call(attr, args, like):
    fn = _at(ast.Attribute(value=_at(ast.Name(id=HOOK_NAME, ctx=ast.Load()), like), attr=attr, ctx=ast.Load()), like)
    return _at(ast.Call(func=fn, args=args, keywords=[]), like)


def _expr_at(value_src, node):
    """An override expression located at the value it replaces, so tracebacks keep the file's own lines."""
    expr = ast.parse(value_src, mode='eval').body
    for n in ast.walk(expr):
        _at(n, node)
    return expr


def _module_level_statements(body):
    """Statements that run at module level: the module body and the bodies of top-level if/with/try blocks
    (the main guard), not function or class bodies."""
    for stmt in body:
        yield stmt
        for field in ('body', 'orelse', 'finalbody'):
            if isinstance(stmt, (ast.If, ast.With, ast.Try)) and getattr(stmt, field, None):
                for inner in _module_level_statements(getattr(stmt, field)):
                    yield inner
        if isinstance(stmt, ast.Try):
            for handler in stmt.handlers:
                for inner in _module_level_statements(handler.body):
                    yield inner


def apply_overrides(tree, overrides):
    found = set()
    for stmt in _module_level_statements(tree.body):
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in overrides:
                    stmt.value = _expr_at(overrides[target.id], stmt.value)
                    found.add(target.id)
                elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(stmt.value, (ast.Tuple, ast.List)) \
                        and len(target.elts) == len(stmt.value.elts):
                    for i, el in enumerate(target.elts):
                        if isinstance(el, ast.Name) and el.id in overrides:
                            stmt.value.elts[i] = _expr_at(overrides[el.id], stmt.value.elts[i])
                            found.add(el.id)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None \
                and stmt.target.id in overrides:
            stmt.value = _expr_at(overrides[stmt.target.id], stmt.value)
            found.add(stmt.target.id)
    missing = [n for n in overrides if n not in found]
    if missing:
        raise UsageError("--set %s: the snippet has no top-level assignment '%s = ...'" % (missing[0], missing[0]))


class LoopMarker(ast.NodeTransformer):
    """Wraps the loop starting at `line` in `with __loss_lens__.loop():` (steps recorded only inside it) and, when
    the run has a step limit, routes its header through the hook so it can end as if by `break` at the header."""

    def __init__(self, line, limit_steps):
        self.line, self.limit_steps, self.loop = line, limit_steps, None

    def _mark(self, node):
        self.generic_visit(node)
        if node.lineno != self.line or self.loop is not None:
            return node
        self.loop = node
        if self.limit_steps:
            if isinstance(node, ast.For):
                node.iter = _hook_call('loop_iter', [node.iter], node.iter)
            else:
                node.test = _at(ast.BoolOp(op=ast.And(), values=[_hook_call('loop_go', [], node.test), node.test]),
                                node.test)
            if node.orelse:  # a cut loop skips its else clause, as after a break
                node.orelse = [_at(ast.If(test=_hook_call('loop_not_cut', [], node), body=node.orelse, orelse=[]),
                                   node.orelse[0])]
        item = ast.withitem(context_expr=_hook_call('loop', [], node), optional_vars=None)
        return _at(ast.With(items=[item], body=[node], type_comment=None), node)

    visit_For = _mark
    visit_While = _mark


def prepare_code(path, loop_line, steps, overrides):
    with open(path, 'rb') as f:
        source = f.read()
    tree = ast.parse(source, filename=path)
    if overrides:
        apply_overrides(tree, overrides)
    loop = None
    if loop_line is not None:
        marker = LoopMarker(loop_line, steps is not None)
        tree = marker.visit(tree)
        loop = marker.loop
        if loop is None:
            raise UsageError('--line %d: no for/while loop starts on that line' % loop_line)
    return compile(tree, path, 'exec', dont_inherit=True), loop


# ---------------------------------------------------------------------------------------------- parameters

def _norm(t, torch):
    """L2 norm computed in float64 (float32 sums of squares overflow early); MPS has no float64."""
    t = t.detach()
    if t.is_sparse:
        t = t.coalesce().values()
    if t.device.type == 'mps':
        return float(t.float().norm())
    return float(torch.linalg.vector_norm(t, dtype=torch.float64))


class ParamNames:
    """Names trainable tensors the way oracle.py does (modules `model.0.weight`, leaf tensors `w1`, optimizers
    `opt.param_groups.0.params.1` for the rest), over the user file's frames (innermost first) then the module
    globals. A tensor keeps the first name it was given, so aliases (`for p in params`) never rename it."""

    def __init__(self, torch):
        self.torch = torch
        self.names = {}  # id(tensor) -> (weakref, name)

    def _scopes(self, frames, module_globals):
        seen, out = set(), []
        for d in [f.f_locals for f in frames] + [module_globals]:
            if id(d) in seen:
                continue
            seen.add(id(d))
            items = [(k, v) for k, v in list(d.items()) if not k.startswith('__')]
            self_obj = d.get('self')
            if self_obj is not None and not isinstance(self_obj, self.torch.nn.Module) \
                    and isinstance(getattr(self_obj, '__dict__', None), dict):
                items += [('self.' + k, v) for k, v in list(vars(self_obj).items()) if not k.startswith('_')]
            out.append(items)
        return out

    def scan(self, frames, module_globals):
        torch = self.torch
        scopes = self._scopes(frames, module_globals)
        module_param_ids = set()
        for items in scopes:
            for _, v in items:
                if isinstance(v, torch.nn.Module):
                    module_param_ids.update(id(p) for p in v.parameters())
        found, seen = [], set()

        def add(name, p):
            if id(p) in seen:
                return
            seen.add(id(p))
            known = self.names.get(id(p))
            if known is not None and known[0]() is p:
                name = known[1]
            else:
                self.names[id(p)] = (weakref.ref(p), name)
            found.append((name, p))

        for items in scopes:
            for k, v in items:
                if isinstance(v, torch.nn.Module):
                    for pn, p in v.named_parameters():
                        if p.requires_grad:
                            add('%s.%s' % (k, pn), p)
                elif isinstance(v, torch.Tensor) and v.is_leaf and v.requires_grad and id(v) not in module_param_ids:
                    add(k, v)
        for items in scopes:
            for k, v in items:
                if isinstance(v, torch.optim.Optimizer):
                    for gi, group in enumerate(v.param_groups):
                        for pi, p in enumerate(group['params']):
                            if id(p) not in module_param_ids:
                                add('%s.param_groups.%d.params.%d' % (k, gi, pi), p)
        return found


def find_lr(scopes, torch):
    for items in scopes:
        for k, v in items:
            if k in ('learning_rate', 'lr') and isinstance(v, (int, float)) and not isinstance(v, bool):
                return float(v)
    for items in scopes:
        for _, v in items:
            if isinstance(v, torch.optim.Optimizer) and v.param_groups:
                lr = v.param_groups[0].get('lr')
                if isinstance(lr, (int, float)):
                    return float(lr)
    return None


# ---------------------------------------------------------------------------------------------- probe

def power_iteration(loss, params, iters, tol, torch):
    """lambda_max of the loss Hessian at the current parameters: power iteration on exact Hessian-vector
    products (double backward), from a fixed start vector independent of the program's generator."""
    ps = [p for _, p in params]
    grads = torch.autograd.grad(loss, ps, create_graph=True, allow_unused=True)
    pairs = [(i, g) for i, g in enumerate(grads) if g is not None and g.requires_grad]
    if not pairs:
        return 0.0, 0, True
    gen = torch.Generator().manual_seed(0)
    v = [torch.randn(p.shape, generator=gen, dtype=p.dtype).to(p.device) for p in ps]
    nv = math.sqrt(sum(float((x.double() ** 2).sum()) for x in v))
    v = [x / nv for x in v]
    lam_prev, lam, it, converged = None, 0.0, 0, False
    for it in range(1, iters + 1):
        hv = torch.autograd.grad([g for _, g in pairs], ps, grad_outputs=[v[i] for i, _ in pairs],
                                 retain_graph=True, allow_unused=True)
        hv = [h if h is not None else torch.zeros_like(p) for h, p in zip(hv, ps)]
        lam = sum(float((a.double() * b.double()).sum()) for a, b in zip(v, hv))
        nh = math.sqrt(sum(float((h.double() ** 2).sum()) for h in hv))
        if nh == 0 or not math.isfinite(nh):
            break
        v = [(h.double() / nh).to(p.dtype) for h, p in zip(hv, ps)]
        if lam_prev is not None and abs(lam - lam_prev) < tol * abs(lam):
            converged = True
            break
        lam_prev = lam
    return lam, it, converged


# ---------------------------------------------------------------------------------------------- the run

class Harness:
    def __init__(self, req, stream):
        self.req, self.stream = req, stream
        self.path = os.path.abspath(req['path'])
        self.loop_line = req.get('loopLine')
        self.steps = req.get('steps')
        self.keep_going = bool(req.get('keepGoing'))
        self.dump_init = bool(req.get('dumpInit'))
        self.mode = req.get('mode', 'run')
        self.seed = req.get('seed')
        if self.seed is None:
            self.seed = random.SystemRandom().randrange(2 ** 32)  # like PyTorch: random, but reported
        self.torch = None
        self.module_globals = {}
        self.loop_node = None
        self.started = False
        self.step = 0
        self.prev = {}
        self.first_nf_step = None
        self.first_nf_param = None
        self.nonfinite_loss = False
        self.ending = None  # status once a StopRun was raised: later backward() calls raise it again
        self.loop_depth = 0
        self.loop_cut = []  # per active entry of the chosen loop: ended by the step limit?
        self.limit_reached = False
        self.outputs = []
        self.names = None  # ParamNames, once torch is imported

    # -- records

    def user_frames(self, skip=1):
        out, f = [], sys._getframe(skip + 1)
        while f is not None:
            if f.f_code.co_filename == self.path:
                out.append(f)
            f = f.f_back
        return out

    def user_line(self):
        f = sys._getframe(1)
        while f is not None:
            if f.f_code.co_filename == self.path:
                return f.f_lineno
            f = f.f_back
        return None

    def emit(self, rec):
        if self.mode == 'probe' and rec['type'] not in ('error', 'end', 'probe'):
            return
        if rec['type'] != 'print':
            for out in self.outputs:  # text written before this record comes first
                out.flush()
        if not self.started and rec['type'] != 'probe':
            self.started = True
            self.stream.write(self.start_record())
        self.stream.write(rec)

    def emit_print(self, text, line, stream_name):
        rec = {'type': 'print', 'text': text}
        if line is not None:
            rec['line'] = line
        if stream_name != 'stdout':
            rec['stream'] = stream_name
        self.emit(rec)

    def start_record(self):
        rec = {'type': 'start', 'backend': 'torch', 'engine': 'pytorch', 'seed': self.seed,
               'file': self.req.get('file') or os.path.basename(self.path)}
        if self.loop_line is not None:
            rec['line'] = self.loop_line
        torch = self.torch
        if torch is None:
            return rec
        frames = self.user_frames(2)
        try:
            names = ParamNames(torch)
            lr = find_lr(names._scopes(frames, self.module_globals), torch)
            if lr is not None:
                rec['lr'] = lr
        except Exception:
            pass
        total = self.total_steps(frames)
        if total is not None:
            rec['total_steps'] = min(total, self.steps) if self.steps is not None else total
        rec['torch'] = torch.__version__
        rec['python'] = '%d.%d.%d' % sys.version_info[:3]
        rec['device'] = device_kind(torch)
        return rec

    def total_steps(self, frames):
        """The chosen loop's bound when it is `for ... in range(...)` over values visible now."""
        loop = self.loop_node
        if not (isinstance(loop, ast.For) and isinstance(loop.iter, ast.Call)):
            return None
        call = loop.iter.args[0] if self.steps is not None else loop.iter  # unwrap loop_iter(...)
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == 'range'
                and not call.keywords):
            return None
        for f in [f for f in frames if f.f_code.co_name != '<module>'] + [None]:
            env = dict(self.module_globals)
            if f is not None:
                env.update(f.f_locals)
            try:
                vals = [eval(compile(ast.Expression(a), '<range>', 'eval'), env) for a in call.args]
                return len(range(*vals))
            except Exception:
                continue
        return None

    # -- the chosen loop (called from the rewritten source)

    def loop(self):
        harness = self

        class Entry:
            def __enter__(self):
                harness.loop_depth += 1
                harness.loop_cut.append(False)

            def __exit__(self, *exc):
                harness.loop_depth -= 1
                harness.loop_cut.pop()
                return False
        return Entry()

    def loop_go(self):
        if self.limit_reached:
            self.loop_cut[-1] = True
            return False
        return True

    def loop_iter(self, iterable):
        if not self.loop_go():
            return  # later entries exit at once, without creating the iterator (a DataLoader spawns workers)
        for item in iterable:
            yield item
            if not self.loop_go():
                return

    def loop_not_cut(self):
        return not self.loop_cut[-1]

    # -- backward

    def on_backward(self, loss_t, do_backward):
        if self.ending is not None:
            raise StopRun(self.ending)
        recording = (self.loop_line is None or self.loop_depth > 0) and not self.limit_reached
        if not recording:
            return do_backward()
        if self.mode == 'probe':
            return self.probe(loss_t)
        loss = None
        if loss_t is not None and loss_t.numel() == 1:
            try:
                loss = float(loss_t.detach())
            except Exception:
                loss = None
        result = do_backward()
        self.record_step(loss)
        return result

    def record_step(self, loss):
        torch = self.torch
        if self.names is None:
            self.names = ParamNames(torch)
        tracked = self.names.scan(self.user_frames(3), self.module_globals)
        if self.dump_init and self.step == 0:
            self.emit({'type': 'init', 'params': {
                n: {'shape': list(p.shape), 'values': [jnum(x) for x in p.detach().reshape(-1).tolist()]}
                for n, p in tracked}})
        stats, nf_param = {}, None
        for name, p in tracked:
            grad = p.grad
            gn = _norm(grad, torch) if grad is not None else None
            prev = self.prev.get(id(p))
            ratio = None
            if prev is not None and prev.shape == p.shape:
                d, base = _norm(p.detach() - prev, torch), _norm(prev, torch)
                ratio = d / base if base > 0 else (0.0 if d == 0 else math.inf)
            stats[name] = {'grad_norm': jnum(gn), 'weight_norm': jnum(_norm(p, torch)), 'update_ratio': jnum(ratio)}
            if nf_param is None and gn is not None and not math.isfinite(gn):
                nf_param = name
            self.prev[id(p)] = p.detach().clone()
        rec = {'type': 'step', 'step': self.step, 'loss': jnum(loss), 'params': stats}
        loss_nf = loss is not None and not math.isfinite(loss)
        if self.first_nf_step is None and (loss_nf or nf_param is not None):
            self.first_nf_step = self.step
            if nf_param is not None:
                rec['nonfinite_param'] = nf_param
        if self.first_nf_param is None and nf_param is not None:
            self.first_nf_param = nf_param
        # Counted before the write: a Ctrl-C handled right after it must find the step counted.
        self.step += 1
        self.nonfinite_loss = self.nonfinite_loss or loss_nf
        self.emit(rec)
        if loss_nf:
            if not self.keep_going:
                self.ending = 'diverged'
                raise StopRun('diverged')
        if self.steps is not None and self.step >= self.steps:
            if self.loop_line is None:  # no chosen loop to leave: the program ends here
                self.ending = 'done'
                raise StopRun('done')
            self.limit_reached = True

    def probe(self, loss_t):
        probe = self.req.get('probe') or {}
        tracked = ParamNames(self.torch).scan(self.user_frames(3), self.module_globals)
        t0 = time.perf_counter()
        lam, it, converged = power_iteration(loss_t, tracked, int(probe.get('maxIterations', 100)),
                                             float(probe.get('tolerance', 1e-3)), self.torch)
        frames = self.user_frames(2)
        rec = {'type': 'probe', 'lambda_max': jnum(lam), 'iterations': it, 'converged': converged,
               'loss': jnum(float(loss_t.detach())) if loss_t.numel() == 1 else None,
               'params': [n for n, _ in tracked], 'line': self.user_line(),
               'lr': jnum(find_lr(ParamNames(self.torch)._scopes(frames, self.module_globals), self.torch)),
               'elapsed_ms': round((time.perf_counter() - t0) * 1000, 1)}
        opt = next((v for items in ParamNames(self.torch)._scopes(frames, self.module_globals) for _, v in items
                    if isinstance(v, self.torch.optim.Optimizer)), None)
        rec['optimizer'] = type(opt).__name__ if opt is not None else None
        if isinstance(opt, self.torch.optim.SGD):
            rec['momentum'] = float(opt.param_groups[0].get('momentum', 0) or 0)
        self.emit(rec)
        self.ending = 'done'
        raise StopRun('done')

    # -- errors

    def error_record(self, e):
        line, tb = None, e.__traceback__
        first_user_tb = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.path:
                line = tb.tb_lineno
                if first_user_tb is None:
                    first_user_tb = tb
            tb = tb.tb_next
        rec = {'type': 'error', 'error': type(e).__name__, 'message': str(e)}
        if line is not None:
            rec['line'] = line
        text = ''.join(traceback.format_exception(type(e), e, first_user_tb))
        return rec, text


def device_kind(torch):
    try:
        if torch.cuda.is_available():
            return 'cuda'
        mps = getattr(torch.backends, 'mps', None)
        if mps is not None and mps.is_available():
            return 'mps'
    except Exception:
        pass
    return 'cpu'


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
    main.__dict__.update({'__file__': h.path, '__builtins__': __builtins__, '__loader__': None, '__spec__': None,
                          '__package__': None, '__cached__': None, HOOK_NAME: h})
    h.module_globals = main.__dict__
    harness_module = sys.modules['__main__']  # keep it alive while the program's module takes its place
    sys.modules['__main__'] = main

    restore_hooks = install_backward_hook(torch, h)
    seed_everything(h.seed, torch)
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
    code_, _ = end(status)
    for out in h.outputs:
        out.flush()
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
