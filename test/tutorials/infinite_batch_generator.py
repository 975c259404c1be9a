import torch


def batches(X, y, bs):
    while True:
        perm = torch.randperm(len(X))
        for i in range(0, len(X), bs):
            idx = perm[i:i + bs]
            yield X[idx], y[idx]


X = torch.randn(40, 3)
y = X @ torch.tensor([1.0, -1.0, 0.5]) + 0.2
w = torch.zeros(3, requires_grad=True)
b = torch.zeros((), requires_grad=True)
stream = batches(X, y, 8)
step = 0
while True:
    xb, yb = next(stream)
    loss = ((xb @ w + b - yb) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad = None
    b.grad = None
    step += 1
    if step % 25 == 0:
        print(step, loss.item())
