# Hand-written logistic regression: zero-initialised leaf tensors, sigmoid, a log-likelihood written out with
# torch.log, and gradient descent in place under no_grad.
import torch

torch.manual_seed(11)
n = 120
x = torch.randn(n, 3)
labels = (x[:, 0] + 2 * x[:, 1] - x[:, 2] > 0).float().view(-1, 1)

w = torch.zeros(3, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.5
for epoch in range(150):
    p = torch.sigmoid(x @ w + b)
    loss = -(labels * torch.log(p + 1e-7) + (1 - labels) * torch.log(1 - p + 1e-7)).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
print(f"train accuracy {((p > 0.5).float() == labels).float().mean().item():.2f}")
