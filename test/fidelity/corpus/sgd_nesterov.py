# SGD with Nesterov momentum and weight decay on a small regression MLP with mean-reduction MSE.
import torch
from torch import nn, optim

N, D_in, H, D_out = 48, 20, 32, 3
x = torch.randn(N, D_in)
true_w = torch.randn(D_in, D_out)
y = x @ true_w + 0.1 * torch.randn(N, D_out)

model = nn.Sequential(nn.Linear(D_in, H), nn.ReLU(), nn.Linear(H, D_out))
loss_fn = nn.MSELoss()
learning_rate = 1e-2
optimizer = optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9, nesterov=True, weight_decay=1e-4)
for step in range(250):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
