// A backward that hands one tensor to several inputs (add's g to both sides of `a + a`, a view passing g through)
// while one of those inputs already holds a gradient: the first delivery adds into it and frees what it was given,
// so the walk must copy for every use but the last. Compared with real PyTorch 1.13; before the fix these stopped
// with an internal error at backward() (the VAE scripts of the real-code corpus did).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffOutputs, runOurs, runTorch, setup } from './snippet';

before(setup);

const CASES: Record<string, string> = {
  'a + a after a*3 reached a': `
x = torch.randn(3, requires_grad=True)
a = x * 2
b = a * 3
c = b + (a + a)
d = a + a
e = (c * d).sum() + (a - a).sum()
e.backward()
print(x.grad.tolist())`,
  'VAE-style kl term (one input reached by several paths)': `
mu = torch.randn(4, 3, requires_grad=True)
log_var = torch.randn(4, 3, requires_grad=True)
std = torch.exp(log_var / 2)
z = mu + torch.randn(4, 3) * std
kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())
loss = (z * z).sum() + kl
loss.backward()
print(mu.grad.tolist(), log_var.grad.tolist())`,
  'a view passing g through twice, with a hooked leaf': `
x = torch.randn(2, 3, requires_grad=True)
seen = []
x.register_hook(lambda g: seen.append(g.sum().item()))
v = x.view(6)
y = (v + v + x.reshape(6) * 2).sum()
y.backward()
print(x.grad.tolist(), len(seen))`,
};

for (const [name, body] of Object.entries(CASES)) {
  test(`shared backward results: ${name}`, () => {
    const src = `import torch\ntorch.manual_seed(0)\n${body}\n`;
    const ours = runOurs(src);
    assert.equal(ours.error, null, ours.error ?? '');
    const diff = diffOutputs(ours.out, runTorch(src));
    assert.equal(diff, null, diff ?? '');
  });
}
