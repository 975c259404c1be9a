import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        out = self.fc(x)


net = Net()
x = torch.randn(8, 4)
y = torch.randn(8, 1)
loss = nn.MSELoss()(net(x), y)
loss.backward()
