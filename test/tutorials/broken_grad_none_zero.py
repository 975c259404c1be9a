import torch

w = torch.randn(3, requires_grad=True)
x = torch.randn(5, 3)
for i in range(3):
    w.grad.zero_()
    loss = (x @ w).pow(2).mean()
    loss.backward()
