import torch
import torch.nn as nn

model = nn.Linear(4, 3)
x = torch.randn(6, 4)
y = torch.tensor([0, 2, 1, 1, 0, 2], dtype=torch.float)
criterion = nn.CrossEntropyLoss()
out = model(x)
loss = criterion(out, y)
loss.backward()
print(loss.item())
