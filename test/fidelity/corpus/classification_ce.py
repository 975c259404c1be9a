# Classification of two interleaved blobs: CrossEntropyLoss, argmax accuracy, an f-string progress print in the
# loop, SGD with momentum, and an evaluation after the loop under torch.no_grad().
import torch
import torch.nn as nn

torch.manual_seed(7)
n_per_class, n_classes = 40, 3
centers = torch.tensor([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
X = torch.cat([centers[k] + 0.8 * torch.randn(n_per_class, 2) for k in range(n_classes)])
labels = torch.cat([torch.full((n_per_class,), k, dtype=torch.long) for k in range(n_classes)])

model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, n_classes))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

for epoch in range(120):
    logits = model(X)
    loss = criterion(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 20 == 0:
        acc = (logits.argmax(dim=1) == labels).float().mean().item()
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}  acc {acc:.3f}")

with torch.no_grad():
    probs = torch.softmax(model(X), dim=1)
    correct = (probs.argmax(dim=1) == labels).sum().item()
print(f"final accuracy: {correct}/{len(labels)}")
