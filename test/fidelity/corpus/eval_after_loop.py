# A tutorial script that fine-tunes after a warm-up backward and prints test accuracy once the loop is done:
# only the loop's own backward() calls are steps when it is chosen with --line.
import torch
import torch.nn as nn

torch.manual_seed(5)
w_true = torch.tensor([[1.5], [-2.0]])
X = torch.randn(64, 2)
y = (X @ w_true + 0.1 * torch.randn(64, 1) > 0).float()
X_test = torch.randn(32, 2)
y_test = (X_test @ w_true > 0).float()

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
criterion = nn.BCEWithLogitsLoss()

# A sanity check before training (a backward outside the training loop).
criterion(model(X), y).backward()
opt.zero_grad()

for step in range(60):
    opt.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    opt.step()

with torch.no_grad():
    test_acc = ((model(X_test) > 0).float() == y_test).float().mean().item()
print(f"test accuracy: {test_acc:.3f}")
print("final loss", round(criterion(model(X), y).item(), 4))
