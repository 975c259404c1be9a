# A tiny CNN on random 1x28x28 "images": Conv2d, BatchNorm2d, max and adaptive average pooling, Dropout2d,
# in-place ReLU, SGD with momentum; then an eval-mode accuracy.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(16, 1, 28, 28)
y = torch.randint(0, 10, (16,))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 12, 3, stride=2)
        self.bn = nn.BatchNorm2d(12)
        self.drop = nn.Dropout2d(0.1)
        self.gap = nn.AdaptiveAvgPool2d((2, 2))
        self.fc = nn.Linear(12 * 2 * 2, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x), inplace=True))
        x = F.relu(self.bn(self.conv2(x)))
        x = self.gap(self.drop(x))
        return self.fc(torch.flatten(x, 1))


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for step in range(20):
    opt.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()

model.eval()
with torch.no_grad():
    acc = (model(x).argmax(1) == y).float().mean().item()
print(f"train accuracy {acc:.3f}")
