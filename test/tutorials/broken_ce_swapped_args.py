import torch
import torch.nn as nn

model = nn.Linear(5, 3)
x = torch.randn(4, 5)
y = torch.tensor([0, 2, 1, 2])
criterion = nn.CrossEntropyLoss()
loss = criterion(y, model(x))
loss.backward()
