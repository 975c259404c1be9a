// Runs our Python prelude (torch.nn, nn.init, optim) inside real CPython with real PyTorch 1.13 standing in for
// the native half, and compares it with PyTorch's own nn/optim. This checks the prelude's logic (names, init
// draw order, optimizer formulas) independently of our interpreter and engine.
import { spawnSync } from 'child_process';
import { PRELUDE_SOURCES } from '../../../src/torch/prelude/index';

export const ORACLE_PYTHON = '/usr/bin/python3';

const BOOT = String.raw`
import sys, json, types, builtins, math, torch

src = json.loads(sys.stdin.read())
native = types.ModuleType('torch._native')
native.Parameter = torch.nn.Parameter
native.is_parameter = lambda v: isinstance(v, torch.nn.Parameter)
native.typename = torch.typename
native.functional = torch.nn.functional
_real_import = builtins.__import__

def _import(name, globals=None, locals=None, fromlist=(), level=0):
    # 'from torch import _native' must find our shim, everything else the real modules.
    if name == 'torch' and fromlist and '_native' in fromlist:
        return types.SimpleNamespace(_native=native)
    return _real_import(name, globals, locals, fromlist, level)

_builtins = dict(builtins.__dict__)
_builtins['__import__'] = _import

def _load(name):
    m = types.ModuleType(name)
    m.__dict__['__builtins__'] = _builtins
    exec(compile(src['modules'][name], name, 'exec'), m.__dict__)
    return m

init = _load('torch.nn.init')
native.init = init
nn = _load('torch.nn')
optim = _load('torch.optim')
out = {}
exec(compile(src['script'], 'script', 'exec'), {'torch': torch, 'nn': nn, 'init': init, 'optim': optim,
                                                 'math': math, 'out': out})
print(json.dumps(out))
`;

/** Runs `script` (Python, with `nn`, `init`, `optim` = our prelude, `torch` = real torch) and returns its `out` dict. */
export function runWithPrelude(script: string): Record<string, unknown> {
  const r = spawnSync(ORACLE_PYTHON, ['-c', BOOT], {
    input: JSON.stringify({ modules: PRELUDE_SOURCES, script }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
