import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(42)
X = torch.randn(80, 6)
y = (X[:, 0] + X[:, 1] > 0).long()

model = nn.Sequential(
    nn.Linear(6, 16),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(16, 2),
)
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)

for epoch in range(30):
    running_loss = 0.0
    for i in range(0, 80, 20):
        inputs, labels = X[i:i + 20], y[i:i + 20]
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        running_loss += loss.item()
    scheduler.step()
    if epoch % 10 == 9:
        _, predicted = torch.max(model(X), 1)
        acc = (predicted == y).sum().item() / y.size(0)
        print('[%d] loss: %.3f acc: %.2f lr: %g' % (epoch + 1, running_loss / 4, acc, scheduler.get_last_lr()[0]))
