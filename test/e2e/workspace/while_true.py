# A tiny net trained forever: nothing ends this `while True:` loop but Loss Lens's Stop.
import torch

torch.manual_seed(0)
x = torch.randn(32, 8)
y = torch.randn(32, 1)
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

while True:
    loss = ((model(x) - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
