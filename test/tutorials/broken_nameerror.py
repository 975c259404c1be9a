import torch
import torch.nn as nn

model = nn.Linear(4, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.randn(10, 4)
y = torch.randint(0, 2, (10,))
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    optimizer.zero_grad()
    output = model(x)
    loss = criterion(outptu, y)
    loss.backward()
    optimizer.step()
