# A typical slip: the second layer multiplies by w1 again. PyTorch: RuntimeError "mat1 and mat2 shapes cannot
# be multiplied (64x100 and 1000x100)" on line 13, before any backward().
import torch

N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True)
w2 = torch.randn(H, D_out, requires_grad=True)
learning_rate = 1e-6
for t in range(100):
    h = x.mm(w1).clamp(min=0)
    y_pred = h.mm(w1)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
