import torch
import torch.nn as nn

model = nn.Linear(3, 1)
x = torch.randn(4, 3)
y = torch.randn(4, 1)
with torch.no_grad():
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
