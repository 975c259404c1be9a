import torch

torch.manual_seed(0)
x = torch.randn(32, 10) * 10
y = torch.randn(32, 1)
model = torch.nn.Linear(10, 1)
opt = torch.optim.SGD(model.parameters(), lr=5.0)
for step in range(50):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
