import torch

a = torch.randn(3, 4, requires_grad=True)
b = torch.randn(4, 3)
for i in range(2):
    c = (a + b).sum()
    c.backward()
