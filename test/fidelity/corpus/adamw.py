# AdamW with decoupled weight decay, L1Loss(reduction='mean') and a sigmoid/tanh MLP; gradients are zeroed
# with set_to_none semantics via optimizer.zero_grad().
import torch
import torch.nn as nn

N = 64
x = torch.randn(N, 8)
y = torch.sigmoid(x[:, :2].sum(dim=1, keepdim=True)) + 0.01 * torch.randn(N, 1)


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 16), nn.Sigmoid())
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        return self.head(self.body(x))


net = Regressor()
criterion = nn.L1Loss(reduction='mean')
optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-2)
for step in range(200):
    loss = criterion(net(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
