import copy
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader


class ToyDataset(Dataset):
    def __init__(self, n=48):
        self.x = torch.randn(n, 6)
        self.y = (self.x.sum(dim=1) > 0).long()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x

    @property
    def depth(self):
        return len(self.layers)


ds = ToyDataset()
loader = DataLoader(ds, batch_size=12, shuffle=False)
model = MLP([6, 10, 10, 2])
print(model.depth, sum(p.numel() for p in model.parameters() if p.requires_grad))
optimizer = torch.optim.SGD([
    {'params': model.layers[0].parameters(), 'lr': 0.05},
    {'params': model.layers[1].parameters()},
    {'params': model.layers[2].parameters()},
], lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
best_loss = float('inf')
best_state = None
for epoch in range(4):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), 0.5)
        optimizer.step()
        total += loss.item() * xb.size(0)
    scheduler.step()
    epoch_loss = total / len(ds)
    if epoch_loss < best_loss:
        best_loss = epoch_loss
        best_state = copy.deepcopy(model.state_dict())
    print(f"epoch {epoch}: {epoch_loss:.4f} lr={optimizer.param_groups[0]['lr']:.4f}")
model.load_state_dict(best_state)
model.eval()
with torch.no_grad():
    acc = (model(ds.x).argmax(dim=1) == ds.y).float().mean()
print(f"acc {acc:.3f}", f"{best_loss:.4f}")
