"""One run of the program: the records it produces, the chosen loop's state, what backward() does."""
import ast
import math
import os
import random
import sys
import time
import traceback

from loss_lens_params import ParamNames, find_lr, find_optimizer, norms, scopes
from loss_lens_probe import lanczos_max
from loss_lens_records import StopRun, jnum

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
        self.seed_source = None  # the program's own torch.manual_seed before the loop: {'line', 'seed'}
        self.pending = []  # setup prints waiting for the start record (as the built-in engine)

    # -- records

    def user_frames(self):
        """The frames of the user's file on the current stack, innermost first."""
        out, f = [], sys._getframe(1)
        while f is not None:
            if f.f_code.co_filename == self.path:
                out.append(f)
            f = f.f_back
        return out

    def scopes(self):
        return scopes(self.user_frames(), self.module_globals, self.torch)

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
            for out in self.outputs:  # text this thread wrote before this record comes first
                out.flush_thread()
        # With a chosen loop the start record waits for the loop (its first step or print, or the end), so it
        # names what the setup did (the lr, the program's own seed); setup prints wait with it, at most 50.
        if (not self.started and rec['type'] == 'print' and self.loop_line is not None and self.loop_depth == 0
                and len(self.pending) < 50):
            self.pending.append(rec)
            return
        if not self.started and rec['type'] != 'probe':
            self.started = True
            self.stream.write(self.start_record())
            for p in self.pending:
                self.stream.write(p)
            self.pending = []
        self.stream.write(rec)

    def emit_print(self, text, line, stream_name):
        rec = {'type': 'print', 'text': text}
        if line is not None:
            rec['line'] = line
        if stream_name != 'stdout':
            rec['stream'] = stream_name
        self.emit(rec)

    def start_record(self):
        rec = {'type': 'start', 'engine': 'pytorch', 'backend': 'cpu', 'seed': self.seed,
               'file': self.req.get('file') or os.path.basename(self.path)}
        if self.loop_line is not None:
            rec['line'] = self.loop_line
        if self.seed_source is not None:
            rec['seed_source'] = self.seed_source
        torch = self.torch
        if torch is None:
            return rec
        try:
            lr = find_lr(self.scopes(), torch)
            if lr is not None:
                rec['lr'] = lr
        except Exception:
            pass
        total = self.total_steps(self.user_frames())
        if total is not None:
            rec['total_steps'] = min(total, self.steps) if self.steps is not None else total
        rec['torch'] = torch.__version__
        rec['python'] = '%d.%d.%d' % sys.version_info[:3]
        rec['device'] = rec['backend'] = device_kind(torch)
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
        tracked = self.names.scan(self.scopes())
        if self.dump_init and self.step == 0:
            self.emit({'type': 'init', 'params': {
                n: {'shape': list(p.shape), 'values': [jnum(x) for x in p.detach().reshape(-1).tolist()]}
                for n, p in tracked}})
        # Every norm of the step in one batch: grad, weight, and against the previous step's weights.
        tensors, slots = [], []
        for _, p in tracked:
            prev = self.prev.get(id(p))
            with_prev = prev is not None and prev.shape == p.shape
            slot = [len(tensors), len(tensors) + 1 if p.grad is not None else None, None]
            tensors.append(p)
            if p.grad is not None:
                tensors.append(p.grad)
            if with_prev:
                slot[2] = len(tensors)
                tensors += [p.detach() - prev, prev]
            slots.append(slot)
        values = norms(tensors, torch)
        stats, nf_param = {}, None
        for (name, p), (wi, gi, di) in zip(tracked, slots):
            gn = values[gi] if gi is not None else None
            ratio = None
            if di is not None:
                d, base = values[di], values[di + 1]
                ratio = d / base if base > 0 else (0.0 if d == 0 else math.inf)
            stats[name] = {'grad_norm': jnum(gn), 'weight_norm': jnum(values[wi]), 'update_ratio': jnum(ratio)}
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
        with self.stream.no_interrupt():  # the count and its record go together, even under Ctrl-C
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
        scope_list = self.scopes()
        tracked = ParamNames(self.torch).scan(scope_list)
        t0 = time.perf_counter()
        lam, it, converged = lanczos_max(loss_t, tracked, int(probe.get('maxIterations', 100)),
                                             float(probe.get('tolerance', 1e-3)), self.torch)
        rec = {'type': 'probe', 'lambda_max': jnum(lam), 'iterations': it, 'converged': converged,
               'loss': jnum(float(loss_t.detach())) if loss_t.numel() == 1 else None,
               'params': [n for n, _ in tracked], 'line': self.user_line(),
               'lr': jnum(find_lr(scope_list, self.torch)),
               'elapsed_ms': round((time.perf_counter() - t0) * 1000, 1)}
        opt = find_optimizer(scope_list, self.torch)
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
