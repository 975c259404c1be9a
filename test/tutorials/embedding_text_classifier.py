import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
vocab = {w: i for i, w in enumerate("<pad> good bad great awful movie plot fine boring".split())}
sentences = [("good movie", 1), ("bad plot", 0), ("great fine movie", 1), ("awful boring plot", 0),
             ("good plot", 1), ("boring movie", 0), ("fine great", 1), ("bad awful", 0)]


def encode(s, length=3):
    ids = [vocab[w] for w in s.split()]
    return ids + [0] * (length - len(ids))


X = torch.tensor([encode(s) for s, _ in sentences])
y = torch.tensor([label for _, label in sentences])


class BagOfEmbeddings(nn.Module):
    def __init__(self, n_vocab, dim, n_classes):
        super().__init__()
        self.emb = nn.Embedding(n_vocab, dim, padding_idx=0)
        self.fc = nn.Linear(dim, n_classes)

    def forward(self, ids):
        mask = (ids != 0).float().unsqueeze(-1)
        e = self.emb(ids) * mask
        pooled = e.sum(1) / mask.sum(1).clamp(min=1)
        return self.fc(pooled)


model = BagOfEmbeddings(len(vocab), 6, 2)
criterion = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20)
for epoch in range(20):
    optimizer.zero_grad()
    logits = model(X)
    loss = criterion(logits, y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    if epoch % 5 == 4:
        probs = F.softmax(logits, dim=-1)
        print(f"{epoch:02d} loss={loss.item():.4f} p0={probs[0, 1].item():.3f} lr={scheduler.get_last_lr()[0]:.2e}")
ranked = sorted(vocab.items(), key=lambda kv: -model.emb.weight[kv[1]].norm().item())
print([w for w, _ in ranked[:3]], isinstance(loss, torch.Tensor))
