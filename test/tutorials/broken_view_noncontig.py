import torch

x = torch.randn(4, 6, requires_grad=True)
y = x.t()
z = y.view(-1)
loss = z.sum()
loss.backward()
