import torch
import torch.nn as nn

model = nn.Linear(4, 3)
x = torch.randn(6, 4)
y = torch.randint(0, 3, (6, 1))
criterion = nn.CrossEntropyLoss()
loss = criterion(model(x), y)
loss.backward()
