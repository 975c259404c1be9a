import torch

x = torch.randn(8, 3)
w = torch.randn(3, 2, requires_grad=True)
losses = []
for step in range(3):
    loss = ((x @ w) ** 2).mean(dim=0)
    losses.append(loss.item())
