"""Records what CPython 3.11 / PyTorch 1.13 (/usr/bin/python3) say for each hostile snippet: the error type,
message and innermost line of the snippet, and what it printed. Output: expected.json beside this file, read by
hostile.test.ts, which runs the same snippets through our runner and must match.

    /usr/bin/python3 test/unit/hostile/generate.py

Each snippet runs in its own process under an address-space limit, so CPython's MemoryError (and PyTorch's
allocator error) come quickly and deterministically instead of after filling the machine's memory.

Case fields: `caps` "small" (our run uses a 1,000,000-item container cap: fast) or "default" (our real
defaults); `our_line` when CPython reports no line (compile-time errors) and ours names the statement.
"""
import json
import os
import resource
import subprocess
import sys
import hashlib

HERE = os.path.dirname(os.path.abspath(__file__))

RUNNER = r'''
import sys, traceback, io, contextlib
src = sys.stdin.read()
out = io.StringIO()
rec = {"error": None, "message": None, "line": None}
try:
    code = compile(src, "snippet.py", "exec")
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "__main__"})
except SyntaxError as e:
    rec = {"error": type(e).__name__, "message": e.msg, "line": e.lineno}
except BaseException as e:
    line = None
    for fs in traceback.extract_tb(e.__traceback__):
        if fs.filename == "snippet.py":
            line = fs.lineno
    rec = {"error": type(e).__name__, "message": str(e), "line": line}
rec["stdout"] = out.getvalue()
sys.stdout.write("\n@@RESULT@@" + __import__("json").dumps(rec))
'''

def deep(n, s):
    return s * n

CASES = [
    # ---- containers past the size cap -> MemoryError ------------------------------------------------------
    ("list doubling with +", "l = [0]\nwhile True:\n    l = l + l\n", {}),
    ("list doubling with +=", "l = [0]\nwhile True:\n    l += l\n", {}),
    ("list doubling with extend", "l = [0]\nwhile True:\n    l.extend(l)\n", {}),
    ("append forever", "l = []\nwhile True:\n    l.append(1)\n", {}),
    ("str doubling", "s = 'x'\nwhile True:\n    s = s + s\n", {}),
    ("dict growing forever", "d = {}\ni = 0\nwhile True:\n    d[i] = i\n    i += 1\n", {}),
    ("set growing forever", "s = set()\ni = 0\nwhile True:\n    s.add(i)\n    i += 1\n", {}),
    ("comprehension over an endless generator",
     "def g():\n    while True:\n        yield 1\nx = [v for v in g()]\n", {}),
    ("list() of an endless generator", "def g():\n    while True:\n        yield 1\nx = list(g())\n", {}),
    ("list * huge", "x = [0] * 10**12\n", {"caps": "default"}),
    ("str * huge", "s = 'ab' * 10**12\n", {"caps": "default"}),
    ("list(range(200_000_000))", "x = list(range(200_000_000))\n", {"caps": "default"}),
    ("sorted(range(10**12))", "x = sorted(range(10**12))\n", {"caps": "default"}),
    ("tuple(range(10**12))", "x = tuple(range(10**12))\n", {"caps": "default"}),
    ("list *= huge", "x = [0] * 1000\nx *= 10**10\n", {}),
    ("str.ljust huge", "s = 'a'.ljust(10**12)\n", {"caps": "default"}),
    ("str.replace blow-up", "s = ('a' * 10000).replace('a', 'a' * 10**6)\n", {}),
    ("1 << 10**12", "x = 1 << 10**12\n", {"caps": "default"}),
    # ---- large but legal: no call-stack limits on user data ---------------------------------------------------
    ("f(*range(300000))", "def f(*a):\n    return len(a)\nprint(f(*range(300000)))\n", {}),
    ("sort 300000", "l = list(range(300000, 0, -1))\nl.sort()\nl.sort(reverse=True)\nprint(l[0], l[-1])\n", {}),
    ("slice assignment of 300000", "l = [0]\nl[0:1] = range(300000)\nprint(len(l), l[-1])\n", {}),
    ("[*big]", "r = range(300000)\nx = [*r]\ny = [*x, *x]\nprint(len(y))\n", {}),
    ("endless generator unpacked", "def g():\n    while True:\n        yield 1\na, b = g()\n", {}),
    ("max of a large range", "print(max(range(10**6)), min(range(5, 10**6)))\n", {}),
    ("range slicing", "r = range(0, 10**12, 3)[5:10**6:7]\nprint(r, len(r), r[-1])\n", {}),
    # ---- parsing and numbers ----------------------------------------------------------------------------------
    ("float() of a long invalid string", "x = float('1' * 10**6 + 'x')\n", {"caps": "default"}),
    ("float() of a long valid string", "x = float('1' * 10**5 + '.5e-99990')\nprint(x)\n", {}),
    ("%-format with many '%('", "s = ('%(' * 100000 + ')') % {}\n", {}),
    ("int() of 5000 digits", "x = int('1' * 5000)\n", {}),
    ("str() of a 5001-digit int", "x = 10**5000\nprint(len(str(x)))\n", {}),
    ("f-string of a 5001-digit int", "x = f'{10**5000}'\n", {}),
    ("%d of a 5001-digit int", "x = '%d' % 10**5000\n", {}),
    ("print of a 5001-digit int", "print(10**5000)\n", {}),
    ("hex of a 5001-digit int is fine", "print(hex(10**5000)[:10])\n", {}),
    ("4300 digits are fine", "print(len(str(10**4299)))\n", {}),
    # ---- nesting and recursion ------------------------------------------------------------------------------
    ("50000 nested parentheses", "x = 1\ny = " + deep(50000, "(") + "1" + deep(50000, ")") + "\n", {}),
    ("201 nested brackets over lines",
     "x = [\n" + deep(150, "(\n") + deep(60, "{") + "1" + deep(60, "}") + deep(150, ")") + "]\n", {}),
    ("200 nested parentheses are fine", "x = " + deep(200, "(") + "1" + deep(200, ")") + "\nprint(x)\n", {}),
    ("brackets inside strings and comments do not count",
     "s = '" + deep(300, "(") + "'  # " + deep(300, "[") + "\nt = '''\n" + deep(300, "{") + "'''\nprint(len(s), len(t))\n", {}),
    ("very long sum expression", "x = " + "+".join(["1"] * 30000) + "\n", {"our_line": 1}),
    ("recursion in a user function", "def f(n):\n    return f(n + 1)\nf(0)\n", {}),
    ("mutual recursion", "def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(0)\n", {}),
    ("recursion caught and the program goes on",
     "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print('caught', e)\nprint('after')\n", {}),
    ("repr of a deeply nested list", "l = []\nfor i in range(100000):\n    l = [l]\nprint(len(repr(l)))\n", {}),
    # ---- tensors past the memory budget: PyTorch's allocator error --------------------------------------------
    ("torch.zeros(10**6, 10**6)", "import torch\nx = torch.zeros(10**6, 10**6)\n", {"caps": "default"}),
    ("outer product of two 200000-vectors",
     "import torch\na = torch.ones(200000)\nb = a[:, None] * a[None, :]\n", {"caps": "default"}),
    ("expand then add", "import torch\nx = torch.ones(1).expand(50000, 50000) + 1\n", {"caps": "default"}),
    ("repeat to 1e10 elements", "import torch\nx = torch.ones(10).repeat(10**9)\n", {"caps": "default"}),
    ("matmul outer", "import torch\nx = torch.ones(200000, 1) @ torch.ones(1, 200000)\n", {"caps": "default"}),
    ("cat of 500 tensors", "import torch\na = torch.ones(10**7)\nx = torch.cat([a] * 500)\n", {"caps": "default"}),
    ("arange(10**13)", "import torch\nx = torch.arange(10**13)\n", {"caps": "default"}),
    ("randn(10**7, 10**7)", "import torch\nx = torch.randn(10**7, 10**7)\n", {"caps": "default"}),
    ("ones(10**7, 10**7)", "import torch\nx = torch.ones(10**7, 10**7)\n", {"caps": "default"}),
    ("DataLoader over a dataset of length 10**9",
     "import torch\nfrom torch.utils.data import Dataset, DataLoader\nclass D(Dataset):\n    def __len__(self):\n"
     "        return 10**9\n    def __getitem__(self, i):\n        return torch.tensor([float(i)])\n"
     "for i, b in enumerate(DataLoader(D(), batch_size=4)):\n    if i == 2:\n        break\nprint(b.shape, b.sum().item())\n",
     {"caps": "default"}),
]

# CPython stops at MemoryError sooner with less address space; torch needs more to import.
LIMIT_PLAIN = 1 << 30
LIMIT_TORCH = 6 << 30


def run(src):
    limit = LIMIT_TORCH if "torch" in src else LIMIT_PLAIN

    def pre():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    p = subprocess.run([sys.executable, "-c", RUNNER], input=src, capture_output=True, text=True,
                       preexec_fn=pre, timeout=600)
    marker = p.stdout.rfind("\n@@RESULT@@")
    if marker < 0:
        raise RuntimeError(f"no result for {src[:80]!r}: {p.stderr[-2000:]}")
    return json.loads(p.stdout[marker + len("\n@@RESULT@@"):])


def main(only):
    """`only`: names (substrings) of the cases to re-run; the others keep their recorded results."""
    path = os.path.join(HERE, "expected.json")
    old = {}
    if only and os.path.exists(path):
        with open(path) as f:
            old = {c["name"]: c for c in json.load(f)}
    out = []
    for name, src, opts in CASES:
        if only and name in old and old[name]["source"] == src and not any(o in name for o in only):
            out.append(old[name])
            continue
        rec = run(src)
        case = {"name": name, "source": src, "caps": opts.get("caps", "small")}
        case["error"] = rec["error"]
        msg = rec["message"]
        if msg is not None and len(msg) > 400:
            case["message_sha256"] = hashlib.sha256(msg.encode()).hexdigest()
            case["message_prefix"] = msg[:80]
            case["message_length"] = len(msg)
        else:
            case["message"] = msg
        case["line"] = rec["line"] if rec["line"] is not None else opts.get("our_line")
        case["stdout"] = rec["stdout"]
        print(f"{name}: {rec['error']} {str(msg)[:70]!r} line {rec['line']}", file=sys.stderr)
        out.append(case)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
