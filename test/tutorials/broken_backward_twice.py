import torch

x = torch.randn(4, 3)
w = torch.randn(3, 2, requires_grad=True)
h = torch.tanh(x @ w)
loss1 = h.sum()
loss2 = (h ** 2).mean()
loss1.backward()
loss2.backward()
print(w.grad)
