import torch

x = torch.linspace(-2, 2, 9, requires_grad=True)
y = (x ** 3 - 2 * x).sum()
(dx,) = torch.autograd.grad(y, x)
print(dx)

w = torch.randn(4, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
X = torch.randn(32, 4)
Y = X @ torch.tensor([[1.0], [2.0], [-1.0], [0.5]]) + 0.3


@torch.no_grad()
def evaluate():
    return ((X @ w + b - Y) ** 2).mean().item()


for step in range(60):
    loss = ((X @ w + b - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in (w, b):
            p.sub_(0.1 * p.grad)
            p.grad.zero_()
    if step % 20 == 0:
        print(step, round(evaluate(), 5))
print(w.detach().view(-1).tolist() is not None, w.requires_grad)
print(torch.allclose(w.detach(), torch.tensor([[1.0], [2.0], [-1.0], [0.5]]), atol=0.2))
