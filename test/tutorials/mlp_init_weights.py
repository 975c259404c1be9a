import torch
from torch import nn

net = nn.Sequential(nn.Flatten(),
                    nn.Linear(16, 32),
                    nn.ReLU(),
                    nn.Linear(32, 4))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)


def init_xavier(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


net.apply(init_xavier)
print(net[1].weight.data[0][:4], net[1].bias.data[0])

batch_size, lr, num_epochs = 32, 0.1, 5
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=lr)

X = torch.randn(96, 4, 4)
y = torch.randint(0, 4, (96,))
for epoch in range(num_epochs):
    for i in range(0, 96, batch_size):
        Xb, yb = X[i:i + batch_size], y[i:i + batch_size]
        l = loss(net(Xb), yb)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
    print(epoch, loss(net(X), y).mean().item())
print(net.state_dict()['1.bias'].shape)
