# updates weights through .data but also computes loss on .data: no grad
import torch

w = torch.randn(5, requires_grad=True)
x = torch.randn(20, 5)
y = torch.randn(20)
for i in range(3):
    pred = x @ w.data
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    w.data -= 0.1 * w.grad
