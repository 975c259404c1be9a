import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x, scale):
        return self.fc(x) * scale


net = Net()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
x = torch.randn(6, 2)
for i in range(2):
    opt.zero_grad()
    loss = net(x).sum()
    loss.backward()
    opt.step()
