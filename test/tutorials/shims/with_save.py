# A tutorial that checkpoints at the end: torch.save writes to the run's in-memory files and the run ends "done".
import torch
import torch.nn as nn

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(16, 3)
y = x.sum(1, keepdim=True)
for epoch in range(5):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    print(epoch, loss.item())
torch.save(model.state_dict(), "model.pth")
print("saved")
