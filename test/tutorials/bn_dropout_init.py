import torch
import torch.nn as nn

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self, d_in=8, hidden=16, p=0.2):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Dropout(p),
            nn.Linear(hidden, 1),
        )
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='relu')
                nn.init.constant_(m.bias, 0.0)

    def forward(self, x):
        return self.net(x).squeeze(-1)


X = torch.randn(64, 8)
y = X[:, 0] * 2 - X[:, 1] + 0.1 * torch.randn(64)
model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
losses = []
for epoch in range(30):
    model.train()
    perm = torch.randperm(64)
    for i in range(0, 64, 16):
        idx = perm[i:i + 16]
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    if epoch % 10 == 0:
        model.eval()
        with torch.no_grad():
            print(epoch, nn.functional.mse_loss(model(X), y).item())
for name, param in model.named_parameters():
    if param.grad is not None and name.endswith('weight'):
        print(name, tuple(param.shape), round(param.grad.norm().item(), 4))
print(torch.tensor(losses[-4:]).mean())
