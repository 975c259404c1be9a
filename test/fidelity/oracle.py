#!/usr/bin/python3
"""Fidelity oracle: run a PyTorch snippet with REAL PyTorch and print the run record as JSON lines.

The output is the same JSON-lines format `loss-lens run FILE --json` prints (src/protocol/record.ts), so the
fidelity tests can compare our engine with PyTorch record by record. Run it with /usr/bin/python3 (Debian
python3-torch); the `python3` first on PATH may not have torch.

    /usr/bin/python3 test/fidelity/oracle.py FILE [--seed S] [--steps N] [--set NAME=VALUE]... [--line N]
                                              [--dump-init] [--keep-going] [--probe]

Semantics mirror src/run/runner.ts RunOptions (whole programs: the file runs as __main__, code after the loop too):
  * --line N chooses the training loop: the for/while starting on line N, anywhere (top level, in a function or
    method, under the main guard, nested); the program runs whole and only backward() calls made while that loop
    executes (at any call depth) are steps. Without --line every backward() of the program is a step;
  * each step (a backward() call: Tensor.backward or torch.autograd.backward) gets a record holding the
    loss and, for every tracked parameter, grad_norm (right after backward, before any zero_grad), weight_norm
    (at backward time) and update_ratio (|w_now - w_prev_backward| / |w_prev_backward|, null when there is no
    previous backward for that parameter);
  * tracked parameters, scanned after each backward from the names the loop sees: the locals of the chosen loop's
    frame (without --line: the innermost frame of the snippet's file calling backward), `self` standing for its
    attributes `self.<attr>` when it is neither a module nor an optimizer, then the globals: an nn.Module
    contributes "<var>.<named_parameters name>"; a leaf tensor with requires_grad contributes "<var>"; an optimizer
    contributes "<var>.param_groups.<g>.params.<i>" for params not reachable otherwise. A tensor reachable under
    several names keeps the first (module names win over plain aliases such as a loop variable `param`);
  * a non-finite loss ends the run with status "diverged" right after that step's record, unless --keep-going
    (then the run goes on and ends "done"; the end record still names the first non-finite step);
  * --steps N with --line: after the N-th step record the chosen loop ends as if by `break` the next time control
    reaches its header (the current iteration finishes; its later backward() calls are not steps), every later
    entry into it exits at once, and the program goes on ("done" when it ends). Without --line the run ends
    ("done") right after the N-th step record;
  * --set NAME=VALUE replaces the value of every top-level assignment to NAME (also inside tuple assignments);
  * --probe: run the program up to the first step, then compute lambda_max (the largest eigenvalue) of the loss
    Hessian at those parameters by Lanczos on exact (double-backward) Hessian-vector products, at the graph of that
    first backward (so the batch, the Dropout masks and the BatchNorm batch statistics of that step, in whatever
    train/eval mode the script set); print one JSON line.
Exit codes: 0 done or diverged, 1 snippet error, 2 usage error.
"""
import argparse
import ast
import builtins
import json
import math
import os
import random
import sys
import time
import traceback

import torch

torch.set_num_threads(1)  # determinism: one summation order per op


class StopRun(BaseException):
    """Raised from inside the snippet's backward() to end the run (BaseException: `except Exception` in the
    snippet must not swallow it)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class ProbeHere(BaseException):
    """Raised at the first step in --probe mode, carrying the loss whose graph is still alive and the frame whose
    names the tracked parameters come from."""

    def __init__(self, loss, frame):
        super().__init__('probe')
        self.loss = loss
        self.frame = frame


class UsageError(Exception):
    pass


# ---------------------------------------------------------------------------------------------- JSON output

_real_stdout = sys.stdout


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


def write_line(rec):
    _real_stdout.write(json.dumps(rec, allow_nan=False) + '\n')
    _real_stdout.flush()


class LibraryStdout:
    """sys.stdout while the snippet runs. What library code writes there (a verbose scheduler's note) is the
    program's output, as in a terminal: each line becomes a print record in its place among the snippet's own;
    the real stdout carries JSON lines only."""

    def __init__(self, emit):
        self.emit, self.buf = emit, ''

    def write(self, s):
        self.buf += s
        while '\n' in self.buf:
            line, self.buf = self.buf.split('\n', 1)
            if self.emit is not None:
                self.emit({'type': 'print', 'text': line + '\n'})
        return len(s)

    def finish(self):
        if self.buf and self.emit is not None:
            self.emit({'type': 'print', 'text': self.buf})
        self.buf = ''

    def flush(self):
        pass

    def isatty(self):
        return False

    def __getattr__(self, name):
        return getattr(sys.stderr, name)


# ---------------------------------------------------------------------------------------------- source prep

def parse_overrides(pairs):
    out = {}
    for pair in pairs:
        if '=' not in pair:
            raise UsageError(f'--set expects NAME=VALUE, got {pair!r}')
        name, value = pair.split('=', 1)
        name = name.strip()
        if not name.isidentifier():
            raise UsageError(f'--set: {name!r} is not a variable name')
        try:
            ast.parse(value, mode='eval')
        except SyntaxError:
            raise UsageError(f'--set {name}: {value!r} is not a Python expression')
        out[name] = value
    return out


def _expr_at(value_src, node):
    """Parse an override expression and give every node the location of the statement it replaces, so
    tracebacks keep pointing at the snippet's own lines."""
    expr = ast.parse(value_src, mode='eval').body
    for n in ast.walk(expr):
        n.lineno, n.col_offset = node.lineno, node.col_offset
        n.end_lineno, n.end_col_offset = getattr(node, 'end_lineno', node.lineno), getattr(node, 'end_col_offset', 0)
    return expr


def apply_overrides(tree, overrides):
    found = set()
    for stmt in tree.body:
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
    missing = sorted(set(overrides) - found)
    if missing:
        raise UsageError(f'--set: no top-level assignment to {", ".join(missing)}')


def _has_backward(node):
    return any(isinstance(n, ast.Attribute) and n.attr == 'backward' for n in ast.walk(node))


def find_loop(tree):
    """The first top-level for/while loop that calls backward(): the training loop."""
    for stmt in tree.body:
        if isinstance(stmt, (ast.For, ast.While)) and _has_backward(stmt):
            return stmt
    return None


class LoopWatch:
    """The chosen loop at run time: the frames executing it (innermost last) and whether the step cap cut it."""

    def __init__(self):
        self.frames = []
        self.cut = False

    def enter(self):
        self.frames.append(sys._getframe(1))

    def exit(self):
        self.frames.pop()

    def proceed(self):
        return not self.cut

    def iterate(self, iterable):
        """The loop's iterable, checked at every header before the next item is fetched (iter() runs now, as a
        for statement does)."""
        it = iter(iterable)

        def gen():
            while not self.cut:
                try:
                    item = next(it)
                except StopIteration:
                    return
                yield item
        return gen()


def watch_loop(tree, line):
    """Rewrite the for/while starting on `line` (any depth) so that it reports entry/exit to the LoopWatch bound
    as __ll_watch__ and ends at its header once cut, its `else` skipped as after `break`. Every new node takes
    the loop's location: line numbers of the snippet stay as they were."""
    for parent in ast.walk(tree):
        for _, value in ast.iter_fields(parent):
            if not isinstance(value, list):
                continue
            for i, loop in enumerate(value):
                if isinstance(loop, (ast.For, ast.While)) and loop.lineno == line:
                    value[i:i + 1] = _watched(loop)
                    return loop
    raise UsageError(f'--line {line}: no for/while loop starts on that line')


def _watched(loop):
    def call(attr, *args):
        return ast.Call(ast.Attribute(ast.Name('__ll_watch__', ast.Load()), attr, ast.Load()), list(args), [])
    if isinstance(loop, ast.For):
        loop.iter = call('iterate', loop.iter)
    else:
        loop.test = ast.BoolOp(ast.And(), [call('proceed'), loop.test])
    if loop.orelse:
        loop.orelse = [ast.If(call('proceed'), loop.orelse, [])]
    block = [ast.Expr(call('enter')), ast.Try([loop], [], [], [ast.Expr(call('exit'))])]
    for stmt in block:
        for sub in ast.walk(stmt):
            if not hasattr(sub, 'lineno') and 'lineno' in sub._attributes:
                ast.copy_location(sub, loop)
    return block


# ---------------------------------------------------------------------------------------------- tracking

def _plain_object(v):
    """A user object that is neither a module nor an optimizer (a trainer): its attributes are what it holds."""
    return hasattr(v, '__dict__') and not isinstance(v, (type, torch.nn.Module, torch.optim.Optimizer, torch.Tensor)) \
        and type(v).__module__ == '__main__'


def visible_names(g, frame=None):
    """(name, value) the loop sees, in lookup order: its frame's locals (a module-level frame's are the globals;
    free variables are the enclosing function's, not this frame's), `self` expanded to `self.<attr>`, then the
    globals it does not shadow. Dunder names are never user state."""
    out, taken = [], set()

    def add(k, v):
        if not k.startswith('__') and k not in taken:
            taken.add(k)
            out.append((k, v))
    if frame is not None and frame.f_globals is not frame.f_locals:
        free = set(frame.f_code.co_freevars)
        for k, v in list(frame.f_locals.items()):
            if k in free:
                continue
            if k == 'self' and _plain_object(v):
                taken.add(k)
                for a, x in list(vars(v).items()):
                    add(f'self.{a}', x)
            else:
                add(k, v)
    for k in list(g.keys()):
        add(k, g[k])
    return out


def tracked_params(g, frame=None):
    """(name, tensor) for every trainable tensor the loop sees (visible_names), first name wins."""
    names = visible_names(g, frame)
    module_param_ids = set()
    for _, v in names:
        if isinstance(v, torch.nn.Module):
            module_param_ids.update(id(p) for p in v.parameters())
    seen, out = set(), []
    for k, v in names:
        if isinstance(v, torch.nn.Module):
            for pn, p in v.named_parameters():
                if p.requires_grad and id(p) not in seen:
                    seen.add(id(p))
                    out.append((f'{k}.{pn}', p))
        elif isinstance(v, torch.Tensor) and v.is_leaf and v.requires_grad:
            if id(v) not in seen and id(v) not in module_param_ids:
                seen.add(id(v))
                out.append((k, v))
    for k, v in names:
        if isinstance(v, torch.optim.Optimizer):
            for gi, group in enumerate(v.param_groups):
                for pi, p in enumerate(group['params']):
                    if id(p) not in seen and id(p) not in module_param_ids:
                        seen.add(id(p))
                        out.append((f'{k}.param_groups.{gi}.params.{pi}', p))
    return out


def norm64(t):
    """L2 norm in float64 of the (float32) values: the reference value, free of float32 overflow."""
    return float(t.detach().to(torch.float64).norm())


def find_optimizer(g, frame=None):
    for _, v in visible_names(g, frame):
        if isinstance(v, torch.optim.Optimizer):
            return v
    return None


def find_lr(g, frame=None):
    names = dict(visible_names(g, frame))
    for name in ('learning_rate', 'lr'):
        v = names.get(name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    opt = find_optimizer(g, frame)
    if opt is not None and opt.param_groups:
        lr = opt.param_groups[0].get('lr')
        if isinstance(lr, (int, float)):
            return float(lr)
    return None


class Recorder:
    def __init__(self, args, g, loop, file):
        self.args, self.g, self.loop, self.file = args, g, loop, file
        self.watch = None
        self.frame = lambda: None  # where the loop's names live (set by main)
        self.step = 0
        self.prev = {}
        self.first_nf_step = None
        self.first_nf_param = None
        self.any_nonfinite_loss = False
        self.started = False
        self.pending = []

    def emit(self, rec):
        # As the runner: records before the first step wait for it (up to 50, or until the chosen loop runs), so
        # the start record carries the lr the loop sees.
        if not self.started:
            waiting = rec['type'] not in ('step', 'init', 'end', 'error') and not (self.watch and self.watch.frames)
            if waiting and len(self.pending) < 50:
                self.pending.append(rec)
                return
            self.started = True
            start = {'type': 'start', 'engine': 'pytorch', 'backend': 'cpu', 'seed': self.args.seed, 'file': self.file}
            if self.loop is not None:
                start['line'] = self.loop.lineno
                total = self._total_steps()
                if total is not None:
                    start['total_steps'] = total
            lr = find_lr(self.g, self.frame())
            if lr is not None:
                start['lr'] = lr
            write_line(start)
            for p in self.pending:
                write_line(p)
            self.pending = []
        write_line(rec)

    def _total_steps(self):
        loop = self.loop
        frame = self.frame()
        if isinstance(loop, ast.For) and isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name) \
                and loop.iter.func.id == 'range' and not loop.iter.keywords:
            try:
                scope = dict(self.g)
                if frame is not None:
                    scope.update(frame.f_locals)
                vals = [eval(compile(ast.Expression(a), '<range>', 'eval'), scope) for a in loop.iter.args]
                total = len(range(*vals))
                return min(total, self.args.steps) if self.args.steps is not None else total
            except Exception:
                return None
        return None

    def on_backward(self, loss):
        params = tracked_params(self.g, self.frame())
        if self.args.dump_init and self.step == 0:
            self.emit({'type': 'init', 'params': {
                n: {'shape': list(p.shape), 'values': [jnum(x) for x in p.detach().reshape(-1).tolist()]}
                for n, p in params}})
        stats, nf_param = {}, None
        for name, p in params:
            grad = p.grad
            prev = self.prev.get(name)
            ratio = None
            if prev is not None and prev.shape == p.shape:
                d, base = norm64(p.detach() - prev), norm64(prev)
                ratio = d / base if base > 0 else (0.0 if d == 0 else math.inf)
            stats[name] = {'grad_norm': jnum(norm64(grad)) if grad is not None else None,
                           'weight_norm': jnum(norm64(p)), 'update_ratio': jnum(ratio)}
            if nf_param is None and grad is not None and not bool(torch.isfinite(grad).all()):
                nf_param = name
            self.prev[name] = p.detach().clone()
        rec = {'type': 'step', 'step': self.step, 'loss': jnum(loss), 'params': stats}
        loss_nf = loss is not None and not math.isfinite(loss)
        if self.first_nf_step is None and (loss_nf or nf_param is not None):
            self.first_nf_step = self.step
            if nf_param is not None:
                rec['nonfinite_param'] = nf_param
        if self.first_nf_param is None and nf_param is not None:
            self.first_nf_param = nf_param
        self.emit(rec)
        self.step += 1
        if loss_nf:
            self.any_nonfinite_loss = True
            if not self.args.keep_going:
                raise StopRun('diverged')
        if self.args.steps is not None and self.step >= self.args.steps:
            if self.watch is None:
                raise StopRun('done')
            self.watch.cut = True


def install_backward_hook(on_backward):
    """Wrap Tensor.backward and torch.autograd.backward (the former calls the latter: count one step)."""
    depth = [0]

    def wrap(orig):
        def hooked(tensors, *a, **k):
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
                on_backward(loss_t, lambda: orig(tensors, *a, **k))
            finally:
                depth[0] -= 1
        hooked.__wrapped__ = orig
        return hooked

    torch.Tensor.backward = wrap(torch.Tensor.backward)
    torch.autograd.backward = wrap(torch.autograd.backward)


_perturb_gen = torch.Generator()


def perturb(params, rel):
    """Calibration noise: weights and grads each times (1 + rel*N(0,1)) per element, once per backward. Weight
    noise stands for another summation order in the forward pass (it decides which ReLUs sit on which side of 0),
    grad noise for one in the backward pass."""
    with torch.no_grad():
        for _, p in params:
            p.mul_(1 + rel * torch.randn(p.shape, generator=_perturb_gen, dtype=p.dtype))
            if p.grad is not None:
                p.grad.mul_(1 + rel * torch.randn(p.grad.shape, generator=_perturb_gen, dtype=p.grad.dtype))


def use_current_zero_grad_default():
    """PyTorch >= 2.0 defaults zero_grad(set_to_none=True); Debian's 1.13 still zeroes in place. The engine follows
    current PyTorch, and the difference is visible: a parameter unused in a step then has grad None (grad_norm null)
    instead of 0, and SGD momentum / Adam skip it instead of moving it with a zero gradient."""
    for cls in (torch.optim.Optimizer, torch.nn.Module):
        orig = cls.zero_grad

        def zero_grad(self, set_to_none=True, _orig=orig):
            return _orig(self, set_to_none=set_to_none)
        cls.zero_grad = zero_grad


# ---------------------------------------------------------------------------------------------- probe

def lanczos_max(loss, params, iters, tol):
    """The largest (algebraic) eigenvalue of the loss Hessian: Lanczos in float64 with full reorthogonalisation on
    exact (double-backward) Hessian-vector products, the tridiagonal matrix solved by LAPACK (torch.linalg.eigh).
    Stops when the Ritz residual |H y - theta y| = beta_k |y_k| is at most tol*|theta|: theta is then within that of
    an eigenvalue (in practice within its square). Unlike power iteration it cannot land on a negative eigenvalue
    of larger magnitude (GAN discriminators, BatchNorm nets at init have them)."""
    ps = [p for _, p in params]
    grads = torch.autograd.grad(loss, ps, create_graph=True, allow_unused=True)
    pairs = [(i, g) for i, g in enumerate(grads) if g is not None and g.requires_grad]
    if not pairs:
        return 0.0, 0, True
    sizes = [p.numel() for p in ps]
    n = sum(sizes)

    def hvp(vec):
        parts = [c.view(p.shape).to(p.dtype) for c, p in zip(torch.split(vec, sizes), ps)]
        hv = torch.autograd.grad([g for _, g in pairs], ps, grad_outputs=[parts[i] for i, _ in pairs],
                                 retain_graph=True, allow_unused=True)
        return torch.cat([(h if h is not None else torch.zeros_like(p)).reshape(-1).double() for h, p in zip(hv, ps)])

    gen = torch.Generator().manual_seed(0)  # fixed start vector, independent of the snippet's generator
    v = torch.randn(n, generator=gen, dtype=torch.float64)
    v = v / v.norm()
    basis, alpha, beta = [], [], []
    theta, it, converged = 0.0, 0, False
    for it in range(1, min(iters, n) + 1):
        basis.append(v)
        w = hvp(v)
        alpha.append(float(w @ v))
        for _ in range(2):  # "twice is enough"
            for q in basis:
                w -= (w @ q) * q
        b = float(w.norm())
        t = torch.diag(torch.tensor(alpha, dtype=torch.float64))
        if beta:
            off = torch.tensor(beta, dtype=torch.float64)
            t = t + torch.diag(off, 1) + torch.diag(off, -1)
        evals, evecs = torch.linalg.eigh(t)
        theta = float(evals[-1])
        if not math.isfinite(theta):
            break
        if b * abs(float(evecs[-1, -1])) <= tol * abs(theta) or b <= 1e-12 * abs(alpha[-1]) or it == n:
            converged = True
            break
        beta.append(b)
        v = w / b
    return theta, it, converged


def probe_report(loss, g, args, frame=None):
    params = tracked_params(g, frame)
    lam, it, converged = lanczos_max(loss, params, args.probe_iters, args.probe_tol)
    opt = find_optimizer(g, frame)
    lr = find_lr(g, frame)
    rep = {'lambda_max': jnum(lam), 'iterations': it, 'converged': converged,
           'params': [n for n, _ in params], 'optimizer': type(opt).__name__ if opt is not None else None}
    stable = None
    if lam > 0:
        if opt is None:
            stable = 2 / lam
        elif isinstance(opt, torch.optim.SGD):
            beta = float(opt.param_groups[0].get('momentum', 0) or 0)
            stable = 2 * (1 + beta) / lam
    rep['stable_lr'] = jnum(stable)
    rep['lr'] = jnum(lr)
    rep['ratio'] = jnum(lr / stable) if (lr is not None and stable) else None
    return rep


# ---------------------------------------------------------------------------------------------- main

def snippet_line(tb, filename):
    line = None
    for fr in traceback.extract_tb(tb):
        if fr.filename == filename:
            line = fr.lineno
    return line


def main(argv):
    ap = argparse.ArgumentParser(prog='oracle.py', description='Run a PyTorch snippet with real PyTorch; '
                                 'print the Loss Lens run record as JSON lines.')
    ap.add_argument('file')
    ap.add_argument('--json', action='store_true', help='accepted for symmetry with the CLI (always JSON)')
    ap.add_argument('--seed', type=int)
    ap.add_argument('--steps', type=int)
    ap.add_argument('--set', action='append', default=[], metavar='NAME=VALUE')
    ap.add_argument('--line', type=int)
    ap.add_argument('--dump-init', action='store_true')
    ap.add_argument('--keep-going', action='store_true')
    ap.add_argument('--probe', action='store_true')
    ap.add_argument('--probe-iters', type=int, default=300)
    ap.add_argument('--probe-tol', type=float, default=1e-5)  # reference value: tighter than the engine's 1e-3
    ap.add_argument('--perturb', type=float, default=0.0, metavar='REL',
                    help='calibration only: after each backward multiply every weight and grad element by '
                         '(1 + REL*N(0,1)) (own generator), mimicking another float32 summation order')
    ap.add_argument('--perturb-seed', type=int, default=12345)
    args = ap.parse_args(argv)

    try:
        overrides = parse_overrides(args.set)
        with open(args.file, encoding='utf-8') as f:
            source = f.read()
    except (UsageError, OSError) as e:
        print(f'oracle.py: {e}', file=sys.stderr)
        return 2
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2 ** 32)  # like PyTorch: random, but reported
    filename = os.path.abspath(args.file)

    g = {'__name__': '__main__', '__file__': args.file, '__builtins__': dict(vars(builtins))}
    rec = Recorder(args, g, None, args.file)

    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as e:
        rec.emit({'type': 'error', 'error': 'SyntaxError', 'message': str(e.msg), 'line': e.lineno})
        rec.emit({'type': 'end', 'status': 'error', 'steps': 0})
        return 1
    try:
        apply_overrides(tree, overrides)
        if args.line is not None:
            rec.loop = watch_loop(tree, args.line)
            rec.watch = LoopWatch()
            g['__ll_watch__'] = rec.watch
        else:
            rec.loop = find_loop(tree)
        ast.fix_missing_locations(tree)
    except UsageError as e:
        print(f'oracle.py: {e}', file=sys.stderr)
        return 2
    code = compile(tree, filename, 'exec')

    def snippet_print(*a, sep=' ', end='\n', file=None, flush=False):
        if file is not None and file is not sys.stdout:
            return builtins.print(*a, sep=sep, end=end, file=file, flush=flush)
        # The text is exactly what print writes to stdout, `end` included (as the CLI passes it through).
        text = (' ' if sep is None else sep).join(str(x) for x in a) + ('\n' if end is None else end)
        out = {'type': 'print', 'text': text}
        fr = sys._getframe(1)
        if fr.f_code.co_filename == filename:
            out['line'] = fr.f_lineno
        if not args.probe:
            rec.emit(out)

    g['__builtins__']['print'] = snippet_print

    def snippet_frame():
        """The chosen loop's innermost activation; without --line the innermost frame of the snippet's file."""
        if rec.watch is not None:
            return rec.watch.frames[-1] if rec.watch.frames else None
        fr = sys._getframe(1)
        while fr is not None and fr.f_code.co_filename != filename:
            fr = fr.f_back
        return fr
    rec.frame = snippet_frame

    def on_backward(loss_t, do_backward):
        if rec.watch is not None and (not rec.watch.frames or rec.watch.cut):
            return do_backward()  # outside the chosen loop, or after its step cap: runs, is not a step
        if args.probe:
            raise ProbeHere(loss_t, snippet_frame())
        loss = float(loss_t.detach()) if loss_t is not None and loss_t.numel() == 1 else None
        do_backward()
        if args.perturb:
            perturb(tracked_params(g, snippet_frame()), args.perturb)
        rec.on_backward(loss)

    install_backward_hook(on_backward)
    if int(torch.__version__.split('.')[0]) < 2:
        use_current_zero_grad_default()
    _perturb_gen.manual_seed(args.perturb_seed)
    torch.manual_seed(args.seed)

    t0 = time.perf_counter()
    status, exit_code = 'done', 0
    sys.stdout = LibraryStdout(None if args.probe else rec.emit)  # keep stdout for JSON lines only
    try:
        exec(code, g)
    except StopRun as s:
        status = s.status
    except ProbeHere as p:
        sys.stdout = _real_stdout
        write_line(probe_report(p.loss, g, args, p.frame))
        return 0
    except Exception as e:  # the snippet's own error: report type, message, line
        status, exit_code = 'error', 1
        rec.emit({'type': 'error', 'error': type(e).__name__, 'message': str(e),
                  'line': snippet_line(e.__traceback__, filename)})
    finally:
        if isinstance(sys.stdout, LibraryStdout):
            sys.stdout.finish()
        sys.stdout = _real_stdout
    if args.probe:
        print('oracle.py: --probe: the snippet never called backward()', file=sys.stderr)
        return 1 if status == 'error' else 2
    if status == 'done' and rec.any_nonfinite_loss and not args.keep_going:
        status = 'diverged'
    end = {'type': 'end', 'status': status, 'steps': rec.step}
    if rec.first_nf_step is not None:
        end['first_nonfinite_step'] = rec.first_nf_step
        if rec.first_nf_param is not None:
            end['first_nonfinite_param'] = rec.first_nf_param
    end['elapsed_ms'] = round((time.perf_counter() - t0) * 1000, 1)
    rec.emit(end)
    return exit_code


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
