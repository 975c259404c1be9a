// The probe: λ_max of the loss Hessian at the first recorded backward(), by exact Hessian-vector products in the
// user's PyTorch. References: the fidelity oracle's probe (seed net) and a full Hessian eigendecomposition.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PytorchEngine, PytorchRunError } from '../../../src/pytorch/pytorchEngine';
import { FIXTURES, relClose, ROOT, TORCH_PYTHON } from './helpers';

const engine = new PytorchEngine({ pythonPath: TORCH_PYTHON });
after(() => engine.dispose());

describe('PytorchEngine.probe', () => {
  it('the seed Sequential net: the same λ_max as the fidelity oracle', async () => {
    const file = path.join(ROOT, 'examples/seed_module.py');
    const oracle = JSON.parse(execFileSync(TORCH_PYTHON, [path.join(ROOT, 'test/fidelity/oracle.py'), file, '--seed', '0', '--probe'], { encoding: 'utf8' }));
    const ours = await engine.probeExact({ source: '', path: file, seed: 0, loopLine: 17 }, { maxIterations: 1000, tolerance: 1e-6 });
    assert.ok(relClose(ours.lambda_max, oracle.lambda_max, 1e-4), `${ours.lambda_max} vs oracle ${oracle.lambda_max}`);
    assert.equal(ours.converged, true);
    assert.deepEqual(ours.params, oracle.params);
    assert.equal(ours.lr, 1e-4);
  });

  it('a conv net in main(): the first backward inside the chosen loop, against the full Hessian', async () => {
    const file = path.join(FIXTURES, 'conv_main.py');
    const loopLine = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('for epoch in')) + 1;
    const ours = await engine.probeExact({ source: '', path: file, seed: 0, loopLine }, { maxIterations: 2000, tolerance: 1e-7 });
    // The state at that backward: the model as initialised (the warm-up backward above the loop moves nothing).
    const reference = execFileSync(TORCH_PYTHON, ['-c', `
import sys, torch, torch.nn.functional as F
sys.path.insert(0, ${JSON.stringify(FIXTURES)})
from conv_main import Net
torch.manual_seed(0)
model = Net()
x = torch.randn(16, 1, 16, 16)
y = torch.randint(0, 3, (16,))
params = list(model.parameters())
shapes = [p.shape for p in params]
flat0 = torch.cat([p.detach().reshape(-1) for p in params]).double()
def loss_of(flat):
    out, i = {}, 0
    for (name, p), s in zip(model.named_parameters(), shapes):
        out[name] = flat[i:i + p.numel()].reshape(s).float(); i += p.numel()
    return F.cross_entropy(torch.func.functional_call(model, out, (x,)) if hasattr(torch, 'func') else torch.nn.utils.stateless.functional_call(model, out, (x,)), y)
H = torch.autograd.functional.hessian(loss_of, flat0)
ev = torch.linalg.eigvalsh((H + H.T) / 2)
print(repr(float(ev[-1])))
`], { encoding: 'utf8' });
    const lambda = Number(reference.trim());
    assert.ok(relClose(ours.lambda_max, lambda, 1e-3), `${ours.lambda_max} vs eigvalsh ${lambda}`);
    assert.equal(ours.optimizer, 'SGD');
    assert.equal(ours.lr, 0.1);
    assert.deepEqual(ours.params, ['model.conv.weight', 'model.conv.bias', 'model.fc.weight', 'model.fc.bias']);
  });

  it('λ_max is the largest eigenvalue, not the one of largest magnitude (a saddle: Hessian diag(2, -6))', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-probe-'));
    const file = path.join(dir, 'saddle.py');
    fs.writeFileSync(file, [
      'import torch',
      'a = torch.tensor([1.0], requires_grad=True)',
      'b = torch.tensor([1.0], requires_grad=True)',
      'opt = torch.optim.SGD([a, b], lr=0.1)',
      'for step in range(3):',
      '    opt.zero_grad()',
      '    loss = (a * a - 3 * b * b).sum()',
      '    loss.backward()',
      '    opt.step()',
      '',
    ].join('\n'));
    try {
      const ours = await engine.probeExact({ source: '', path: file, seed: 0, loopLine: 5 }, { maxIterations: 50, tolerance: 1e-6 });
      assert.ok(relClose(ours.lambda_max, 2, 1e-6), `λ_max ${ours.lambda_max}, want 2 (power iteration finds -6)`);
      assert.equal(ours.converged, true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("errors before the first backward are the program's error with its line", async () => {
    const file = path.join(FIXTURES, 'error_in_helper.py');
    await assert.rejects(engine.probeExact({ source: '', path: file, seed: 0 }), (e: unknown) =>
      e instanceof PytorchRunError && e.error === 'RuntimeError' && e.line === 5);
  });
});
