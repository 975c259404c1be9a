import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(5, 3)
y = torch.randn(5, 1)
for i in range(2):
    opt.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backwards()
    opt.step()
