import math
import torch
from torch import nn

torch.manual_seed(5)
counter = 0


def make_logger(every):
    seen = []

    def log(step, value):
        nonlocal seen
        global counter
        counter += 1
        if step % every == 0:
            seen.append(round(value, 4))
        return seen
    return log


log = make_logger(10)
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda ep: 0.5 * (1 + math.cos(math.pi * ep / 30)))
X = torch.randn(20, 3)
Y = X.sum(1, keepdim=True)
with torch.set_grad_enabled(True):
    for step in range(30):
        opt.zero_grad()
        loss = ((model(X) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        sched.step()
        hist = log(step, loss.item())
print(hist, counter, '{:.3e}'.format(opt.param_groups[0]['lr']))
print('%5.2f|%-6s|%d' % (loss.item(), 'ok', step))
assert loss.item() < 1.0, "did not converge"
pairs = list(enumerate(zip(['a', 'b'], [model.weight.shape, model.bias.shape])))
print(pairs)
