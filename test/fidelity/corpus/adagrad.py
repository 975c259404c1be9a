# Adagrad on a linear model with the functional mean-reduction losses (F.mse_loss plus an L1 penalty).
import torch
import torch.nn.functional as F

torch.manual_seed(3)
x = torch.rand(100, 5) * 2 - 1
w_true = torch.tensor([[1.5], [-2.0], [0.5], [0.0], [3.0]])
y = x.mm(w_true) + 0.05 * torch.randn(100, 1)

model = torch.nn.Linear(5, 1)
opt = torch.optim.Adagrad(model.parameters(), lr=0.1)
for i in range(200):
    pred = model(x)
    loss = F.mse_loss(pred, y) + 1e-3 * model.weight.abs().sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
print("weights:", [round(v, 2) for v in model.weight.detach().view(-1).tolist()])
