# Mini-batches with the functional API: randint labels, *_like, xavier_normal_, F.relu, F.log_softmax,
# F.cross_entropy, enumerate/zip over batches, a dict of hyper-parameters, a lambda and a comprehension.
import torch
import torch.nn as nn
import torch.nn.functional as F

config = {"lr": 0.1, "batch": 16, "epochs": 6}
n, d, k = 96, 10, 4
data = torch.randn(n, d)
labels = torch.randint(0, k, (n,))
noise = torch.rand_like(data) * 0.01
data = data + noise


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(d, 24)
        self.fc2 = nn.Linear(24, k)
        nn.init.xavier_normal_(self.fc1.weight)
        nn.init.zeros_(self.fc1.bias)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


net = Net()
optimizer = torch.optim.SGD(net.parameters(), lr=config["lr"], momentum=0.8, weight_decay=5e-4)
batches = lambda: [(data[i:i + config["batch"]], labels[i:i + config["batch"]]) for i in range(0, n, config["batch"])]
for epoch in range(config["epochs"]):
    total = 0.0
    for i, (xb, yb) in enumerate(batches()):
        logits = net(xb)
        if i % 2 == 0:
            loss = F.cross_entropy(logits, yb)
        else:
            loss = -(F.log_softmax(logits, dim=1)[torch.arange(len(yb)), yb]).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    sizes = [len(yb) for _, yb in batches()]
    print(f"epoch {epoch}: mean loss {total / len(sizes):.4f}")
