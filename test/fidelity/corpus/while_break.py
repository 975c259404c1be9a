# A while loop that trains until the loss is small enough, then breaks; SGD with momentum and dampening.
import torch

x = torch.randn(40, 4)
w_true = torch.tensor([[2.0], [-1.0], [0.5], [1.0]])
y = x @ w_true

w = torch.zeros(4, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.05, momentum=0.5, dampening=0.1)
step = 0
while True:
    loss = ((x @ w + b - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    step += 1
    if loss.item() < 1e-4 or step >= 300:
        break
print("stopped after", step, "steps")
