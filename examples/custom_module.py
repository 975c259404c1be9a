# A custom nn.Module (its own __init__ and forward) on a small classification task, trained with Adam and
# cross-entropy: the shape of most tutorial code.
import torch
from torch import nn
import torch.nn.functional as F


class TwoLayerNet(nn.Module):
    def __init__(self, d_in, hidden, classes):
        super().__init__()
        self.hidden = nn.Linear(d_in, hidden)
        self.out = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


torch.manual_seed(0)
x = torch.randn(256, 20)
labels = (x[:, 0] + x[:, 1] > 0).long() + (x[:, 2] > 1).long()

model = TwoLayerNet(20, 64, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(200):
    logits = model(x)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

accuracy = (model(x).argmax(dim=1) == labels).float().mean()
print(f"train accuracy {accuracy.item():.3f}")
