// torch.distributions (Categorical, Normal, Bernoulli, Uniform, kl_divergence) against real PyTorch 1.13: the same
// draws from the generator, log_prob/entropy values and gradients (REINFORCE and VAE style).
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('Categorical / Normal / Bernoulli / Uniform: sample, rsample, log_prob, entropy, gradients, kl_divergence', () => {
  same(`
import torch
import torch.nn.functional as F
from torch.distributions import Categorical, Normal, Bernoulli
import torch.distributions as D
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
logits = torch.randn(4, 3, requires_grad=True)
c = Categorical(logits=logits)
a = c.sample(); print(a, c.sample((2,)), c.batch_shape, c.event_shape, c.probs.shape)
lp = c.log_prob(a); print(r(lp), r(c.entropy()))
(-lp.sum() - c.entropy().sum()).backward(); print(r(logits.grad))
c2 = Categorical(probs=torch.tensor([0.2, 0.3, 0.5])); s = c2.sample((10,)); print(s, c2.log_prob(s), c2.entropy(), r(c2.logits))
print(Categorical(F.softmax(torch.randn(2, 5), dim=-1)).sample())
print(Categorical(logits=torch.randn(5)).sample().item())
mu = torch.randn(3, requires_grad=True); sd = torch.rand(3) + 0.5
n = Normal(mu, sd)
x = n.rsample(); print(r(x), n.sample((2,)).shape, r(n.log_prob(x)), r(n.entropy()), n.mean is mu)
x.sum().backward(); print(mu.grad)
n0 = Normal(0., 1.); print(n0.rsample((2,)).shape, n0.sample(), n0.log_prob(torch.tensor(0.5)), n0.entropy(), n0.batch_shape)
print(D.kl_divergence(n, Normal(torch.zeros(3), torch.ones(3))))
b = Bernoulli(probs=torch.tensor([0.1, 0.5, 0.9])); s = b.sample(); print(s, b.sample((3,)), b.log_prob(s), b.entropy(), b.logits)
bl = Bernoulli(logits=torch.tensor([0.3, -2.])); print(bl.probs, bl.sample(), bl.log_prob(torch.tensor([1., 0.])))
print(Bernoulli(0.3).sample((4,)))
print(torch.randn(2))
u = D.Uniform(torch.tensor([0., 1.]), torch.tensor([2., 5.]))
s = u.rsample((3,)); print(s, u.log_prob(torch.tensor([1., 4.])), u.entropy(), u.mean, u.variance, D.Uniform(-1., 1.).sample())
`, 1e-5, 1e-5);
});
