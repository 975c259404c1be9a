import torch

x = torch.randn(8, 3)
w = torch.randn(3, 2, requires_grad=True)
loss = (x @ w - 1) ** 2
loss.backward()
