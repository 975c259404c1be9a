"""Records what PyTorch 1.13 / CPython 3.11 (/usr/bin/python3) say for each beginner mistake below: the error type,
message and innermost line of the snippet, what it printed, and how the run ended. Output: expected.json beside
this file, read by errors.test.ts, which runs the same snippets through our runner and must match.

    /usr/bin/python3 test/unit/errors/generate.py [NAME-SUBSTRING...]   # re-run only the named cases

The snippets are the mistakes people post on forums: shape and dtype mismatches, wrong loss targets, autograd
misuse, optimizer and Module set-up slips, plain Python errors inside a training loop, syntax errors, and training
loops that never end (`steps`: the run is cut after that many backward() calls, as `--steps N` does without
`--line`: PyTorch would spin forever).

Case options: `steps` (see above); `compare` "first_line" when PyTorch's message goes on with a long listing
(an argument-signature table) whose first line carries the meaning; `pytorch2`: the fields where PyTorch 2.x
(which Loss Lens follows where the two differ, see src/torch/README.md) replaces what 1.13 recorded here, written
from PyTorch 2.x's source since only 1.13 runs on this machine; `why` says why.
"""
import json
import os
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))

RUNNER = r'''
import sys, io, json, traceback, contextlib, warnings
seen_warnings = []
def show(message, category, *a, **k):
    text = f"{category.__name__}: {message}"
    if text not in seen_warnings:
        seen_warnings.append(text)
warnings.showwarning = show
warnings.simplefilter("always")
src, steps = json.loads(sys.stdin.read())
out = io.StringIO()
rec = {"error": None, "message": None, "line": None, "status": "done", "steps": 0}

class StopRun(BaseException):
    pass

if "torch" in src:
    import torch
    counted = [0]
    depth = [0]
    def counting(fn):
        # Tensor.backward calls torch.autograd.backward: count the outermost call only.
        def wrapped(*a, **k):
            depth[0] += 1
            try:
                r = fn(*a, **k)
            finally:
                depth[0] -= 1
            if depth[0] > 0:
                return r
            counted[0] += 1
            if steps is not None and counted[0] >= steps:
                raise StopRun()
            return r
        return wrapped
    torch.Tensor.backward = counting(torch.Tensor.backward)
    torch.autograd.backward = counting(torch.autograd.backward)
try:
    code = compile(src, "snippet.py", "exec")
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "__main__"})
except SyntaxError as e:
    rec.update(error=type(e).__name__, message=e.msg, line=e.lineno, status="error")
except StopRun:
    pass
except BaseException as e:
    line = None
    for fs in traceback.extract_tb(e.__traceback__):
        if fs.filename == "snippet.py":
            line = fs.lineno
    rec.update(error=type(e).__name__, message=str(e), line=line, status="error")
if "torch" in src:
    rec["steps"] = counted[0]
rec["stdout"] = out.getvalue()
rec["warnings"] = seen_warnings
sys.stdout.write("\n@@RESULT@@" + json.dumps(rec))
'''


def s(text):
    return textwrap.dedent(text).lstrip("\n")


# (name, source, options)
CASES = [
    # ---- shapes: mm / matmul / Linear / conv / cat / view --------------------------------------------------------
    ("Linear in_features does not match the input", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(10, 5)
        x = torch.randn(4, 8)
        out = model(x)
        """), {}),
    ("mm of two matrices with the same shape", s("""
        import torch
        a = torch.randn(3, 4)
        b = torch.randn(3, 4)
        c = torch.mm(a, b)
        """), {}),
    ("matmul of a vector and a mismatched matrix", s("""
        import torch
        w = torch.randn(4, 5)
        x = torch.randn(3)
        y = torch.matmul(x, w)
        """), {}),
    ("@ of batched matrices with mismatched inner size", s("""
        import torch
        q = torch.randn(2, 3, 4)
        k = torch.randn(2, 5, 6)
        att = q @ k
        """), {}),
    ("Conv2d given a grayscale image for 3 channels", s("""
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(3, 16, kernel_size=3)
        img = torch.randn(8, 1, 28, 28)
        feat = conv(img)
        """), {}),
    ("Conv2d given a 2-D image", s("""
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(1, 4, 3)
        img = torch.randn(28, 28)
        feat = conv(img)
        """), {}),
    ("CNN whose Linear expects the wrong flattened size", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 8, 3)
                self.pool = nn.MaxPool2d(2)
                self.fc = nn.Linear(8 * 14 * 14, 10)

            def forward(self, x):
                x = self.pool(torch.relu(self.conv(x)))
                x = x.view(x.size(0), -1)
                return self.fc(x)

        net = Net()
        out = net(torch.randn(2, 1, 28, 28))
        """), {}),
    ("cat of tensors with different widths", s("""
        import torch
        a = torch.randn(2, 3)
        b = torch.randn(2, 4)
        c = torch.cat([a, b])
        """), {}),
    ("cat given two tensors instead of a list", s("""
        import torch
        a = torch.randn(2, 3)
        b = torch.randn(2, 3)
        c = torch.cat(a, b)
        """), {"compare": "first_line", "why": "PyTorch lists every accepted signature after the first line."}),
    ("stack of tensors with different lengths", s("""
        import torch
        xs = [torch.randn(3), torch.randn(4)]
        batch = torch.stack(xs)
        """), {}),
    ("view to a size with the wrong element count", s("""
        import torch
        x = torch.randn(4, 4)
        y = x.view(3, 5)
        """), {}),
    ("view on a transposed tensor", s("""
        import torch
        x = torch.randn(4, 6, requires_grad=True)
        y = x.t()
        z = y.view(-1)
        """), {}),
    ("view after permute in forward", s("""
        import torch
        import torch.nn as nn

        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(12, 2)

            def forward(self, x):
                x = x.permute(0, 2, 1)
                return self.fc(x.view(x.size(0), -1))

        h = Head()
        print(h(torch.randn(2, 3, 4)).shape)
        """), {}),
    ("reshape with -1 that does not divide", s("""
        import torch
        x = torch.arange(16.)
        y = x.reshape(-1, 7)
        """), {}),
    ("broadcast add of mismatched shapes", s("""
        import torch
        x = torch.randn(3, 4)
        b = torch.randn(3)
        y = x + b
        """), {}),
    ("MSELoss with mismatched output and target widths", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(4, 3)
        x = torch.randn(5, 4)
        y = torch.randn(5, 2)
        loss = nn.MSELoss()(model(x), y)
        """), {}),
    ("unsqueeze past the last dimension", s("""
        import torch
        x = torch.randn(3, 4)
        y = x.unsqueeze(3)
        """), {}),
    ("sum over a dimension that does not exist", s("""
        import torch
        x = torch.randn(3, 4)
        total = x.sum(dim=2)
        """), {}),
    ("softmax over a dimension that does not exist", s("""
        import torch
        import torch.nn.functional as F
        logits = torch.randn(4, 3)
        p = F.softmax(logits, dim=2)
        """), {}),
    ("index past the end of a tensor", s("""
        import torch
        x = torch.arange(5.) - 2
        for i in range(6):
            print(round(x[i].item() * 0, 1))
        """), {}),
    ("expand to an incompatible size", s("""
        import torch
        x = torch.randn(3, 2)
        y = x.expand(3, 4)
        """), {}),
    # ---- loss targets: dtype, range, shape ------------------------------------------------------------------------
    ("MSELoss with a Long target", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(3, 1)
        x = torch.randn(4, 3)
        y = torch.tensor([[1], [0], [1], [0]])
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        """), {}),
    ("CrossEntropyLoss with a Float class-index target", s("""
        import torch
        import torch.nn as nn
        logits = torch.randn(4, 3, requires_grad=True)
        target = torch.tensor([0., 2., 1., 1.])
        loss = nn.CrossEntropyLoss()(logits, target)
        """), {}),
    ("cross_entropy with a class index out of range", s("""
        import torch
        import torch.nn.functional as F
        logits = torch.randn(4, 3, requires_grad=True)
        target = torch.tensor([0, 1, 2, 3])
        loss = F.cross_entropy(logits, target)
        """), {}),
    ("cross_entropy with labels 1..C instead of 0..C-1", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 3)
        x = torch.randn(6, 2)
        y = torch.tensor([1, 2, 3, 1, 2, 3])
        criterion = nn.CrossEntropyLoss()
        for epoch in range(3):
            loss = criterion(model(x), y)
            loss.backward()
        """), {}),
    ("cross_entropy with a -1 label", s("""
        import torch
        import torch.nn.functional as F
        logits = torch.randn(3, 4)
        loss = F.cross_entropy(logits, torch.tensor([0, -1, 2]))
        """), {}),
    ("CrossEntropyLoss with a one-hot target", s("""
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        logits = torch.randn(4, 3)
        target = F.one_hot(torch.tensor([0, 2, 1, 1]), 3)
        loss = nn.CrossEntropyLoss()(logits, target)
        """), {}),
    ("cross_entropy with mismatched batch sizes", s("""
        import torch
        import torch.nn.functional as F
        logits = torch.randn(4, 3)
        target = torch.tensor([0, 2, 1])
        loss = F.cross_entropy(logits, target)
        """), {}),
    ("NLLLoss with a Float target", s("""
        import torch
        import torch.nn as nn
        logp = torch.log_softmax(torch.randn(4, 3), dim=1)
        loss = nn.NLLLoss()(logp, torch.ones(4))
        """), {}),
    ("NLLLoss with a class index out of range", s("""
        import torch
        import torch.nn.functional as F
        logp = F.log_softmax(torch.randn(2, 3), dim=1)
        loss = F.nll_loss(logp, torch.tensor([1, 7]))
        """), {}),
    ("BCELoss on raw logits", s("""
        import torch
        import torch.nn as nn
        torch.manual_seed(0)
        logits = torch.randn(8) * 3
        y = torch.ones(8)
        loss = nn.BCELoss()(logits, y)
        """), {}),
    ("BCEWithLogitsLoss with a (N, 1) output and (N,) target", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(3, 1)
        x = torch.randn(4, 3)
        y = torch.tensor([0., 1., 1., 0.])
        loss = nn.BCEWithLogitsLoss()(model(x), y)
        """), {}),
    ("BCEWithLogitsLoss with a Long target", s("""
        import torch
        import torch.nn.functional as F
        logits = torch.randn(4)
        y = torch.tensor([0, 1, 1, 0])
        loss = F.binary_cross_entropy_with_logits(logits, y)
        """), {}),
    ("one_hot of a Float tensor", s("""
        import torch
        import torch.nn.functional as F
        labels = torch.tensor([0., 1., 2.])
        y = F.one_hot(labels, 3)
        """), {}),
    # ---- autograd misuse ------------------------------------------------------------------------------------------
    ("backward on a non-scalar output", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(5, 3)
        out = x @ w
        out.backward()
        """), {}),
    ("backward twice without retain_graph", s("""
        import torch
        x = torch.randn(3, requires_grad=True)
        y = (x * x).sum()
        y.backward()
        y.backward()
        """), {}),
    ("loss built outside the loop, backward in the loop", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(10, 3)
        y = torch.randn(10)
        loss = ((x @ w - y) ** 2).mean()
        for step in range(3):
            loss.backward()
            with torch.no_grad():
                w -= 0.1 * w.grad
        """), {}),
    ("in-place update of a leaf that requires grad", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(10, 3)
        y = torch.randn(10)
        for step in range(5):
            loss = ((x @ w - y) ** 2).mean()
            loss.backward()
            w -= 0.1 * w.grad
        """), {}),
    ("in-place relu_ on a leaf that requires grad", s("""
        import torch
        w = torch.randn(4, requires_grad=True)
        w.relu_()
        """), {}),
    ("in-place change of a tensor saved for backward", s("""
        import torch
        x = torch.randn(3, requires_grad=True)
        y = x.exp()
        y.add_(1)
        y.sum().backward()
        """), {}),
    ("in-place scaling after sigmoid", s("""
        import torch
        a = torch.randn(4, requires_grad=True)
        h = torch.sigmoid(a)
        h *= 2
        h.sum().backward()
        """), {}),
    ("numpy() on a tensor that requires grad", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(3, 1)
        pred = model(torch.randn(4, 3))
        arr = pred.numpy()
        """), {}),
    ("item() on a batch of losses", s("""
        import torch
        import torch.nn as nn
        crit = nn.MSELoss(reduction='none')
        loss = crit(torch.randn(3), torch.randn(3))
        print(loss.item())
        """), {"pytorch2": {"error": "RuntimeError", "message": "a Tensor with 3 elements cannot be converted to Scalar"}, "why": "PyTorch 2.x's item() error (1.13 said ValueError 'only one element tensors ...'); we follow 2.x."}),
    ("float() of a multi-element tensor", s("""
        import torch
        acc = (torch.tensor([1, 0, 1]) == torch.tensor([1, 1, 1]))
        print(float(acc))
        """), {}),
    ("backward on a tensor that does not require grad", s("""
        import torch
        x = torch.randn(5, 3)
        w = torch.randn(3)
        loss = (x @ w).pow(2).mean()
        loss.backward()
        """), {}),
    ("backward of a loss computed under no_grad", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        with torch.no_grad():
            loss = model(torch.randn(4, 2)).pow(2).mean()
        loss.backward()
        """), {}),
    ("zero_() of a grad that is still None", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        w.grad.zero_()
        """), {}),
    ("requires_grad on an integer tensor", s("""
        import torch
        w = torch.tensor([1, 2, 3], requires_grad=True)
        """), {}),
    ("autograd.grad with an unused input", s("""
        import torch
        a = torch.randn(2, requires_grad=True)
        b = torch.randn(2, requires_grad=True)
        out = (a * 2).sum()
        ga, gb = torch.autograd.grad(out, [a, b])
        """), {}),
    # ---- optimizer and Module set-up ------------------------------------------------------------------------------
    ("optimizer given an empty parameter list", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = [nn.Linear(2, 4), nn.Linear(4, 1)]

            def forward(self, x):
                for layer in self.layers:
                    x = layer(x)
                return x

        net = Net()
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        """), {}),
    ("optimizer given model.parameters without the call", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        opt = torch.optim.Adam(model.parameters, lr=1e-3)
        """), {}),
    ("optimizer given a single tensor", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        opt = torch.optim.SGD(w, lr=0.1)
        """), {}),
    ("SGD without a learning rate", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        opt = torch.optim.SGD(model.parameters())
        """), {"pytorch2": {"error": None, "message": None, "line": None, "status": "done"}, "why": "PyTorch 2.x gives SGD a default lr of 1e-3 (1.13 required it); we follow 2.x (src/torch/README.md)."}),
    ("Module without super().__init__()", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                self.fc = nn.Linear(4, 2)

            def forward(self, x):
                return self.fc(x)

        net = Net()
        """), {}),
    ("Module without super().__init__() assigning a Parameter", s("""
        import torch
        import torch.nn as nn

        class Scale(nn.Module):
            def __init__(self):
                self.w = nn.Parameter(torch.ones(3))

        s = Scale()
        """), {}),
    ("calling a module attribute that is None", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)
                self.act = None

            def forward(self, x):
                return self.act(self.fc(x))

        net = Net()
        y = net(torch.randn(3, 4))
        """), {}),
    ("forward that forgets to return", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 1)

            def forward(self, x):
                out = self.fc(x)

        net = Net()
        pred = net(torch.randn(3, 4))
        loss = ((pred - torch.randn(3, 1)) ** 2).mean()
        """), {}),
    ("calling the class instead of an instance", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 1)

            def forward(self, x):
                return self.fc(x)

        model = Net
        out = model(torch.randn(2, 4))
        """), {}),
    ("forward called with a missing argument", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 1)

            def forward(self, x, mask):
                return self.fc(x) * mask

        net = Net()
        out = net(torch.randn(2, 4))
        """), {}),
    ("Sequential given a list", s("""
        import torch.nn as nn
        layers = [nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)]
        model = nn.Sequential(layers)
        """), {}),
    ("load_state_dict with missing and unexpected keys", s("""
        import torch
        import torch.nn as nn
        model = nn.Sequential(nn.Linear(2, 2))
        state = {"weight": torch.zeros(2, 2), "bias": torch.zeros(2)}
        model.load_state_dict(state)
        """), {}),
    ("attribute typo on a Module", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(4, 1)

            def forward(self, x):
                return self.fc(x)

        net = Net()
        y = net(torch.randn(2, 4))
        """), {}),
    # ---- embeddings -----------------------------------------------------------------------------------------------
    ("Embedding given Float indices", s("""
        import torch
        import torch.nn as nn
        emb = nn.Embedding(10, 4)
        tokens = torch.tensor([1., 2., 3.])
        vecs = emb(tokens)
        """), {}),
    ("Embedding index out of range", s("""
        import torch
        import torch.nn as nn
        vocab = ["a", "b", "c"]
        emb = nn.Embedding(len(vocab), 4)
        ids = torch.tensor([0, 1, 2, 3])
        vecs = emb(ids)
        """), {}),
    # ---- devices and dtypes ---------------------------------------------------------------------------------------
    ("model.cuda() on a CPU build", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        model = model.cuda()
        """), {}),
    ("tensor .to('cuda') on a CPU build", s("""
        import torch
        x = torch.randn(4, 2)
        x = x.to('cuda')
        """), {}),
    ("mm of float64 and float32", s("""
        import torch
        x = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
        w = torch.randn(2, 3)
        y = torch.mm(x, w)
        """), {"pytorch2": {"message": "expected m1 and m2 to have the same dtype, but got: double != float"}, "why": "PyTorch 2.x's addmm dtype check (1.13: 'expected scalar type Double but found Float'); we follow 2.x."}),
    ("Linear fed float64 data", s("""
        import torch
        import torch.nn as nn
        x = torch.tensor([[0.5, 1.5], [2.0, 3.0]]).double()
        model = nn.Linear(2, 1)
        pred = model(x)
        """), {"pytorch2": {"message": "mat1 and mat2 must have the same dtype, but got Double and Float"}, "why": "PyTorch 2.x names both dtypes; we follow 2.x."}),
    ("Linear fed integer data", s("""
        import torch
        import torch.nn as nn
        x = torch.tensor([[1, 2], [3, 4]])
        model = nn.Linear(2, 1)
        pred = model(x)
        """), {"pytorch2": {"message": "mat1 and mat2 must have the same dtype, but got Long and Float"}, "why": "PyTorch 2.x names both dtypes; we follow 2.x."}),
    ("tensor plus a string", s("""
        import torch
        x = torch.ones(3)
        y = x + "1"
        """), {}),
    ("None plus a number in the loop", s("""
        total = None
        for v in [1.0, 2.0]:
            total = total + v
        """), {}),
    ("list plus an int", s("""
        losses = [0.5, 0.4]
        losses = losses + 0.3
        """), {}),
    # ---- plain Python errors in the training loop -----------------------------------------------------------------
    ("NameError: a typo in the optimizer name", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        x, y = torch.randn(4, 2), torch.randn(4, 1)
        for epoch in range(3):
            optimzer.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            optimizer.step()
        """), {}),
    ("AttributeError: a typo in a tensor attribute", s("""
        import torch
        x = torch.randn(2, 3)
        print(x.sahpe)
        """), {}),
    ("AttributeError: a Python 2 dict method", s("""
        config = {"lr": 0.1, "epochs": 3}
        for k, v in config.iteritems():
            print(k, v)
        """), {}),
    ("KeyError: a missing config key", s("""
        config = {"lr": 0.1, "epochs": 3}
        batch_size = config["batch_size"]
        """), {}),
    ("IndexError: a batch index past the data", s("""
        data = [1.0, 2.0, 3.0, 4.0]
        batch_size = 3
        for i in range(0, len(data), batch_size):
            batch = [data[i + j] for j in range(batch_size)]
        """), {}),
    ("ZeroDivisionError: an average over no batches", s("""
        batches = []
        total = 0.0
        for b in batches:
            total += b
        print("mean loss", total / len(batches))
        """), {}),
    ("ZeroDivisionError: an int division", s("""
        n_correct = 3
        n_total = 0
        acc = n_correct // n_total
        """), {}),
    ("UnboundLocalError: a global counter updated in a function", s("""
        step = 0

        def train_step():
            step += 1
            return step

        train_step()
        """), {}),
    ("RecursionError: forward calls the module itself", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 1)

            def forward(self, x):
                return self(x)

        net = Net()
        y = net(torch.randn(1, 2))
        """), {}),
    ("RecursionError: a recursive helper without a base case", s("""
        def lr_at(step):
            return 0.9 * lr_at(step - 1)

        print(lr_at(10))
        """), {}),
    ("TypeError: the loss function overwritten by its value", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        criterion = nn.MSELoss()
        x, y = torch.randn(4, 2), torch.randn(4, 1)
        for epoch in range(3):
            criterion = criterion(model(x), y)
            criterion.backward()
        """), {}),
    ("TypeError: iterating over an int", s("""
        data = [1, 2, 3]
        for i in len(data):
            print(data[i])
        """), {}),
    ("TypeError: range of a float", s("""
        n = 10
        for i in range(n / 2):
            pass
        """), {}),
    ("TypeError: str plus int in a log line", s("""
        for epoch in range(2):
            print("epoch " + epoch)
        """), {}),
    ("TypeError: format spec on a multi-element tensor", s("""
        import torch
        loss = torch.tensor([0.25, 0.5])
        print(f"loss {loss:.4f}")
        """), {}),
    ("TypeError: len of the None that append returned", s("""
        history = []
        history = history.append(0.5)
        print(len(history))
        """), {}),
    ("TypeError: indexing a tensor with a float", s("""
        import torch
        x = torch.randn(10)
        mid = x[len(x) / 2]
        """), {}),
    ("ValueError: unpacking a batch into too many names", s("""
        import torch
        batch = (torch.randn(4, 2), torch.randn(4))
        x, y, w = batch
        """), {}),
    ("TypeError: unpacking pairs that are not pairs", s("""
        data = [1.0, 2.0, 3.0]
        for x, y in data:
            pass
        """), {}),
    ("ValueError: int() of a float string", s("""
        epochs = int("3.0")
        """), {}),
    # ---- syntax errors --------------------------------------------------------------------------------------------
    ("syntax: missing colon after for", s("""
        import torch
        x = torch.randn(3)
        for epoch in range(10)
            print(epoch)
        """), {}),
    ("syntax: missing colon after def", s("""
        def train(model, data)
            return model
        """), {}),
    ("syntax: unclosed parenthesis", s("""
        import torch
        x = torch.randn(3)
        loss = torch.sum((x - 1) ** 2
        print(loss)
        """), {}),
    ("syntax: an extra closing parenthesis", s("""
        x = (1 + 2))
        """), {}),
    ("syntax: a closing bracket that does not match", s("""
        layers = [1, 2, 3)
        """), {}),
    ("syntax: unexpected indent", s("""
        import torch
        x = torch.randn(3)
          y = x * 2
        """), {}),
    ("syntax: no indented block after for", s("""
        for epoch in range(3):
        print(epoch)
        """), {}),
    ("syntax: unindent that matches no level", s("""
        for epoch in range(3):
            x = epoch
          y = x
        """), {}),
    ("syntax: tabs mixed with spaces", "for epoch in range(3):\n        x = epoch\n\ty = x\n", {}),
    ("syntax: unclosed f-string brace", s("""
        loss = 0.5
        print(f"loss {loss:.4f")
        """), {}),
    ("syntax: empty f-string expression", s("""
        loss = 0.5
        print(f"loss {}")
        """), {}),
    ("syntax: print statement", s("""
        loss = 0.5
        print loss
        """), {}),
    ("syntax: = instead of == in if", s("""
        epoch = 3
        if epoch = 3:
            print("done")
        """), {}),
    ("syntax: unterminated string", s("""
        name = "model
        print(name)
        """), {}),
    ("syntax: missing comma in a list", s("""
        sizes = [784 128 10]
        """), {}),
    ("syntax: lambda used as a variable name", s("""
        lambda = 0.01
        """), {}),
    ("syntax: return outside a function", s("""
        loss = 0.5
        return loss
        """), {}),
    ("syntax: break outside a loop", s("""
        loss = 0.5
        if loss < 1:
            break
        """), {}),
    ("syntax: else without if", s("""
        x = 1
        else:
            x = 2
        """), {}),
    # ---- more loss, checkpoint and syntax slips ----------------------------------------------------------------------
    ("BCELoss with a (N, 1) output and (N,) target", s("""
        import torch
        import torch.nn as nn
        model = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())
        x = torch.randn(4, 3)
        y = torch.tensor([0., 1., 1., 0.])
        loss = nn.BCELoss()(model(x), y)
        """), {}),
    ("BCELoss with a Long target", s("""
        import torch
        import torch.nn as nn
        probs = torch.sigmoid(torch.randn(4))
        y = torch.tensor([0, 1, 1, 0])
        loss = nn.BCELoss()(probs, y)
        """), {}),
    ("BCELoss after the model went NaN", s("""
        import torch
        import torch.nn.functional as F
        w = torch.tensor([float('nan')], requires_grad=True)
        x = torch.randn(4, 1)
        p = torch.sigmoid(x @ w.view(1, 1)).view(-1)
        loss = F.binary_cross_entropy(p, torch.ones(4))
        """), {}),
    ("MSELoss with a float64 target from numpy", s("""
        import numpy as np
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        x = torch.randn(6, 2)
        y = torch.from_numpy(np.linspace(0, 1, 6).reshape(6, 1))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(2):
            opt.zero_grad()
            loss = nn.MSELoss()(model(x), y)
            loss.backward()
            opt.step()
        """), {}),
    ("load_state_dict with a size mismatch", s("""
        import torch
        import torch.nn as nn
        old = nn.Linear(4, 2)
        new = nn.Linear(4, 3)
        new.load_state_dict(old.state_dict())
        """), {}),
    ("syntax: a lone closing brace in an f-string", s("""
        acc = 0.9
        print(f"acc: {acc}}")
        """), {}),
    ("syntax: format spec without an expression", s("""
        lr = 0.1
        print(f"lr {:.3f}".format(lr))
        """), {}),
    ("syntax: elif without if", s("""
        loss = 0.5
        elif loss < 1:
            print("ok")
        """), {}),
    ("syntax: missing comma between call arguments", s("""
        import torch
        x = torch.zeros(3 4)
        """), {}),
    ("syntax: assignment in a while condition", s("""
        step = 0
        while step = 10:
            step += 1
        """), {}),
    # ---- data pipelines -------------------------------------------------------------------------------------------
    ("DataLoader over samples of different lengths", s("""
        import torch
        from torch.utils.data import Dataset, DataLoader

        class Seqs(Dataset):
            def __init__(self):
                self.data = [torch.randn(3), torch.randn(2), torch.randn(3)]

            def __len__(self):
                return len(self.data)

            def __getitem__(self, i):
                return self.data[i]

        for batch in DataLoader(Seqs(), batch_size=2):
            print(batch.shape)
        """), {}),
    ("unpacking a batch of a one-tensor dataset", s("""
        import torch
        from torch.utils.data import TensorDataset, DataLoader
        ds = TensorDataset(torch.randn(8, 2))
        for x, y in DataLoader(ds, batch_size=4):
            print(x.shape)
        """), {}),
    ("TensorDataset of tensors with different lengths", s("""
        import torch
        from torch.utils.data import TensorDataset
        ds = TensorDataset(torch.randn(10, 2), torch.randn(9))
        """), {}),
    ("DataLoader with batch_size 0", s("""
        import torch
        from torch.utils.data import TensorDataset, DataLoader
        loader = DataLoader(TensorDataset(torch.randn(4, 2)), batch_size=0)
        """), {}),
    ("torch.tensor of a list of tensors", s("""
        import torch
        rows = [torch.randn(2), torch.randn(2)]
        x = torch.tensor(rows)
        """), {}),
    ("torch.tensor of ragged lists", s("""
        import torch
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0, 5.0]])
        """), {}),
    ("from_numpy given a list", s("""
        import torch
        x = torch.from_numpy([1.0, 2.0])
        """), {}),
    # ---- tensors used like Python values and back -------------------------------------------------------------------
    ("if on a multi-element comparison", s("""
        import torch
        losses = torch.tensor([0.5, 0.2])
        best = torch.tensor([0.4, 0.3])
        if losses < best:
            print("better")
        """), {}),
    ("loss class passed the outputs instead of an instance", s("""
        import torch
        import torch.nn as nn
        out = torch.randn(4, 3)
        y = torch.tensor([0, 1, 2, 0])
        loss = nn.CrossEntropyLoss(out, y)
        """), {}),
    ("unpacking torch.max without a dim", s("""
        import torch
        out = torch.randn(4, 3)
        _, pred = torch.max(out)
        """), {}),
    ("len of a 0-d tensor", s("""
        import torch
        loss = torch.tensor(0.5)
        print(len(loss))
        """), {}),
    ("x.size[0] without the call", s("""
        import torch
        x = torch.randn(4, 3)
        n = x.size[0]
        """), {}),
    ("x.shape() called", s("""
        import torch
        x = torch.randn(4, 3)
        n = x.shape()
        """), {}),
    ("model.parameters()[0]", s("""
        import torch.nn as nn
        model = nn.Linear(2, 1)
        w = model.parameters()[0]
        """), {}),
    ("mean of an integer tensor", s("""
        import torch
        labels = torch.randint(0, 10, (8,))
        print(labels.mean())
        """), {}),
    ("sqrt of a Python number", s("""
        import torch
        scale = torch.sqrt(64)
        """), {}),
    ("relu given the module instead of its output", s("""
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        fc = nn.Linear(2, 2)
        h = F.relu(fc)
        """), {}),
    ("view with two inferred dimensions", s("""
        import torch
        x = torch.randn(4, 6)
        y = x.view(-1, -1)
        """), {}),
    ("cat along a dimension past the end", s("""
        import torch
        a = torch.randn(2, 3)
        c = torch.cat([a, a], dim=2)
        """), {}),
    ("column index past the end", s("""
        import torch
        x = torch.randn(3, 4)
        col = x[:, 5]
        """), {}),
    ("boolean mask of the wrong length", s("""
        import torch
        x = torch.randn(4)
        mask = torch.tensor([True, False, True])
        y = x[mask]
        """), {}),
    ("zero_() of a grad that is still None, via .data", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        w.grad.data.zero_()
        """), {}),
    # ---- layers given the wrong input ------------------------------------------------------------------------------
    ("BatchNorm1d on a batch of one in training", s("""
        import torch
        import torch.nn as nn
        bn = nn.BatchNorm1d(10)
        y = bn(torch.randn(1, 10))
        """), {}),
    ("Conv2d kernel larger than the input", s("""
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(1, 4, kernel_size=5)
        y = conv(torch.randn(1, 1, 3, 3))
        """), {}),
    ("MaxPool2d on a 1x1 feature map", s("""
        import torch
        import torch.nn as nn
        pool = nn.MaxPool2d(2)
        y = pool(torch.randn(1, 1, 1, 1))
        """), {}),
    ("channels-last image into Conv2d", s("""
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(3, 8, 3)
        img = torch.randn(2, 32, 32, 3)
        y = conv(img)
        """), {}),
    ("LSTM input_size mismatch", s("""
        import torch
        import torch.nn as nn
        lstm = nn.LSTM(input_size=10, hidden_size=20)
        x = torch.randn(5, 3, 8)
        out, (h, c) = lstm(x)
        """), {}),
    ("LSTM output tuple used as a tensor", s("""
        import torch
        import torch.nn as nn
        lstm = nn.LSTM(4, 8, batch_first=True)
        out = lstm(torch.randn(2, 5, 4))
        print(out.shape)
        """), {}),
    ("Dropout probability above 1", s("""
        import torch.nn as nn
        drop = nn.Dropout(p=1.5)
        """), {}),
    ("Adam with a negative learning rate", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        opt = torch.optim.Adam(model.parameters(), lr=-0.01)
        """), {}),
    ("a misspelled layer class", s("""
        import torch.nn as nn
        act = nn.Relu()
        """), {}),
    ("a misspelled optimizer class", s("""
        import torch
        from torch import optim
        import torch.nn as nn
        model = nn.Linear(2, 1)
        opt = optim.sgd(model.parameters(), lr=0.1)
        """), {}),
    ("nn used without importing it", s("""
        import torch
        model = nn.Linear(2, 1)
        """), {}),
    ("forward without self", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 1)

            def forward(x):
                return self.fc(x)

        y = Net()(torch.randn(3, 2))
        """), {}),
    ("a misspelled forward method", s("""
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 1)

            def foward(self, x):
                return self.fc(x)

        y = Net()(torch.randn(3, 2))
        """), {}),
    ("a constructor argument left out", s("""
        import torch.nn as nn

        class MLP(nn.Module):
            def __init__(self, hidden):
                super().__init__()
                self.fc = nn.Linear(2, hidden)

        model = MLP()
        """), {}),
    ("ModuleList index past the end", s("""
        import torch.nn as nn
        layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
        last = layers[3]
        """), {}),
    ("torch.no_grad without the call", s("""
        import torch
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad:
            w -= 0.1
        """), {}),
    # ---- string formatting in log lines ----------------------------------------------------------------------------
    ("format code d for a float", s("""
        acc = 0.875
        print("accuracy {:d}".format(acc))
        """), {}),
    ("%-format with too many arguments", s("""
        loss, acc = 0.5, 0.9
        print("loss %f" % (loss, acc))
        """), {}),
    ("%-format of a multi-element tensor", s("""
        import torch
        loss = torch.tensor([0.5, 0.25])
        print("loss %.3f" % loss)
        """), {}),
    ("assert on a shape", s("""
        import torch
        x = torch.randn(2, 3)
        assert x.shape == (3, 2), f"bad shape {tuple(x.shape)}"
        """), {}),
    # ---- training loops that never end on their own -------------------------------------------------------------
    ("endless while True training loop", s("""
        import torch
        w = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.1)
        while True:
            opt.zero_grad()
            loss = ((w - 3) ** 2).sum()
            loss.backward()
            opt.step()
        """), {"steps": 20}),
    ("while loop whose counter is never incremented", s("""
        import torch
        import torch.nn as nn
        model = nn.Linear(2, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x, y = torch.randn(8, 2), torch.randn(8, 1)
        epoch = 0
        while epoch < 5:
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
        """), {"steps": 15}),
    ("training until a loss the model cannot reach", s("""
        import torch
        w = torch.zeros(1, requires_grad=True)
        loss = torch.tensor(1.0)
        while loss.item() > 0.0:
            w.grad = None
            loss = (w - 1).abs().sum() + 1
            loss.backward()
            with torch.no_grad():
                w -= 0.0 * w.grad
        """), {"steps": 25}),
]


def run(src, steps):
    p = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps([src, steps]), capture_output=True,
                       text=True, timeout=600)
    marker = p.stdout.rfind("\n@@RESULT@@")
    if marker < 0:
        raise RuntimeError(f"no result for {src[:80]!r}: {p.stderr[-2000:]}")
    return json.loads(p.stdout[marker + len("\n@@RESULT@@"):])


def main(only):
    path = os.path.join(HERE, "expected.json")
    old = {}
    if only and os.path.exists(path):
        with open(path) as f:
            old = {c["name"]: c for c in json.load(f)}
    names = [c[0] for c in CASES]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate case names: {dup}")
    out = []
    for name, src, opts in CASES:
        case = {"name": name, "source": src}
        for k in ("steps", "compare", "pytorch2", "why"):
            if k in opts:
                case[k] = opts[k]
        prev = old.get(name)
        if only and prev and prev["source"] == src and prev.get("steps") == opts.get("steps") \
                and not any(o in name for o in only):
            case["expected"] = prev["expected"]
            out.append(case)
            continue
        rec = run(src, opts.get("steps"))
        case["expected"] = rec
        print(f"{name}: {rec['error']} {str(rec['message'])[:70]!r} line {rec['line']} {rec['status']}",
              file=sys.stderr)
        out.append(case)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
