import torch

losses = []
w = torch.randn(2, requires_grad=True)
for i in range(5):
    loss = (w ** 2).sum()
    loss.backward()
    losses.append(loss.item())
print(losses[5])
