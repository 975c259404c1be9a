# Hand-made net: 1/sqrt(fan_in) weights, zero biases; a quarter of the inputs are zero rows (padding).
import math
import torch

torch.manual_seed(0)
N, D_in, H, D_out = 64, 100, 50, 10
x = torch.randn(N, D_in)
x[48:] = 0.0
y = torch.randn(N, D_out)

w1 = (torch.randn(D_in, H) / math.sqrt(D_in)).requires_grad_()
b1 = torch.zeros(H, requires_grad=True)
w2 = (torch.randn(H, D_out) / math.sqrt(H)).requires_grad_()
b2 = torch.zeros(D_out, requires_grad=True)

learning_rate = 1e-3
def train():
    for t in range(100):
        h = torch.relu(x.mm(w1) + b1)
        y_pred = h.mm(w2) + b2
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (w1, b1, w2, b2):
                p -= learning_rate * p.grad
                p.grad.zero_()

if __name__ == '__main__':
    train()
