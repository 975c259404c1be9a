import torch

w = torch.tensor([5.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
loss = torch.tensor(1.0)
while loss.item() > -1:
    opt.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    opt.step()
