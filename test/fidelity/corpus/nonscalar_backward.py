# Calling backward() on a per-sample loss vector instead of its mean: PyTorch raises RuntimeError
# "grad can be implicitly created only for scalar outputs" on line 13.
import torch

x = torch.randn(16, 4)
y = torch.randn(16, 1)
w = torch.randn(4, 1, requires_grad=True)
learning_rate = 0.1
for t in range(50):
    pred = x @ w
    per_sample = (pred - y) ** 2
    loss = per_sample.sum(dim=1)
    loss.backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
        w.grad.zero_()
