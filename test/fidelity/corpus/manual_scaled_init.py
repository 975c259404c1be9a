# The seed's hand-made net with the init scaled by 1/sqrt(fan_in), as the answer suggests: lr 1e-4 now trains.
import math
import torch

N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)

w1 = (torch.randn(D_in, H) / math.sqrt(D_in)).requires_grad_()
w2 = (torch.randn(H, D_out) / math.sqrt(H)).requires_grad_()

learning_rate = 1e-4
for t in range(300):
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    loss = (y_pred - y).pow(2).sum()
    if t % 50 == 0:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
