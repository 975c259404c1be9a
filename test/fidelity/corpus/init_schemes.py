# Explicit initialisation schemes: nn.init.kaiming_normal_, xavier_uniform_, zeros_, normal_, uniform_ on a
# small MLP, then training with SGD on mean-reduction MSE.
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(30, 40), nn.ReLU(), nn.Linear(40, 20), nn.Tanh(), nn.Linear(20, 1))
nn.init.kaiming_normal_(model[0].weight, nonlinearity='relu')
nn.init.zeros_(model[0].bias)
nn.init.xavier_uniform_(model[2].weight)
nn.init.normal_(model[2].bias, mean=0.0, std=0.01)
nn.init.uniform_(model[4].weight, -0.1, 0.1)
nn.init.zeros_(model[4].bias)

x = torch.randn(50, 30)
y = torch.randn(50, 1)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for t in range(200):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
