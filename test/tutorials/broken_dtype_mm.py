import torch

x = torch.arange(12).view(3, 4)
w = torch.randn(4, 2, requires_grad=True)
out = x @ w
loss = out.sum()
loss.backward()
