import torch
from torch import nn, optim


class Trainer:
    def __init__(self, model, lr=0.05, **opt_kwargs):
        self.model = model
        self.opt = optim.SGD(model.parameters(), lr=lr, **opt_kwargs)
        self.history = {'loss': []}

    def step(self, *batch):
        x, y = batch
        self.opt.zero_grad()
        loss = nn.functional.mse_loss(self.model(x), y)
        loss.backward()
        self.opt.step()
        self.history['loss'].append(loss.item())
        return loss

    def __call__(self, data, epochs=1):
        for _ in range(epochs):
            for x, y in data:
                self.step(x, y)
        return self.history['loss'][-1]


torch.manual_seed(7)
xs = torch.randn(30, 2)
ys = (xs[:, :1] * 3 - xs[:, 1:] ** 2)
data = [(xs[i:i + 10], ys[i:i + 10]) for i in range(0, 30, 10)]
model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
trainer = Trainer(model, lr=0.05, momentum=0.8, weight_decay=1e-3)
final = trainer(data, epochs=10)
print(f"final={final:.5f}", len(trainer.history['loss']), min(trainer.history['loss']) <= final)
print({k: len(v) for k, v in trainer.history.items()})
