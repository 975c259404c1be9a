import torch

w = torch.randn(3, 1, requires_grad=True)
x = torch.randn(10, 3)
y = torch.randn(10, 1)
for step in range(5):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    w = w - 0.1 * w.grad
    print(step, loss.item())
