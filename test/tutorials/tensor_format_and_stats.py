import torch

torch.manual_seed(1)
data = torch.randn(20, 3) * torch.tensor([1.0, 10.0, 0.1]) + torch.tensor([0.0, 5.0, -1.0])
mean = data.mean(dim=0)
std = data.std(dim=0)
normed = (data - mean) / std
print(mean, std)
print(normed.mean(0).abs().max() < 1e-5, normed.std(0))
print(f"{data[0, 0]:.3f} {data.max():.2f} {data.argmax()} {data.min(dim=1).values[:3]}")
vals, idx = torch.sort(data[:, 1], descending=True)
print(idx[:5], vals[:2])
print(torch.where(data > 0, data, torch.zeros_like(data))[:2])
print(data.clamp(min=-1, max=1).sum().item())
w = torch.randn(3, 1, requires_grad=True)
opt = torch.optim.Adagrad([w], lr=0.5)
target = normed @ torch.tensor([[0.5], [-1.0], [2.0]])
for i in range(40):
    opt.zero_grad()
    loss = torch.mean((normed @ w - target) ** 2)
    loss.backward()
    opt.step()
print(loss)
print(w.squeeze())
