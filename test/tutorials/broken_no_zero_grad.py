# forgets optimizer.zero_grad(): grads accumulate (runs, but trains oddly)
import torch

torch.manual_seed(0)
w = torch.randn(3, 1, requires_grad=True)
x = torch.randn(16, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]])
opt = torch.optim.SGD([w], lr=0.01)
for i in range(40):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    opt.step()
    if i % 10 == 0:
        print(i, loss.item(), w.grad.norm().item())
