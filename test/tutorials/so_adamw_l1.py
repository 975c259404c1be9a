import torch
from torch import nn

torch.manual_seed(3)
inp = torch.randn(32, 5)
target = inp.sum(dim=1, keepdim=True) * 0.5
layers = []
for i in range(3):
    layers.append(nn.Linear(5 if i == 0 else 8, 8))
    layers.append(nn.LeakyReLU(0.1))
layers.append(nn.Linear(8, 1))
model = nn.Sequential(*layers)
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
crit = nn.L1Loss()
history = []
step = 0
while True:
    opt.zero_grad()
    out = model(inp)
    loss = crit(out, target)
    loss.backward()
    opt.step()
    history.append(loss.item())
    step += 1
    if step >= 50:
        break
print(min(history), history[-1] < history[0])
