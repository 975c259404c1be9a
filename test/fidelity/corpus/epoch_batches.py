# An epoch loop around a mini-batch loop (a shuffled permutation per epoch), a per-epoch print, and the final
# accuracy after training. Both loops train: the epoch loop (line 16) and the batch loop (line 19).
import torch
import torch.nn as nn

torch.manual_seed(11)
X = torch.randn(96, 3)
Y = (X.sum(dim=1, keepdim=True) > 0).float()
model = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1))
loss_fn = nn.BCEWithLogitsLoss()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
batch_size = 16
n_epochs = 8

history = []
for epoch in range(n_epochs):
    perm = torch.randperm(X.shape[0])
    total = 0.0
    for i in range(0, X.shape[0], batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
        total += loss.item()
    history.append(total)
    print(f"epoch {epoch} loss {total:.4f}")

with torch.no_grad():
    acc = ((model(X) > 0).float() == Y).float().mean().item()
print(f"train accuracy {acc:.3f} after {len(history)} epochs")
