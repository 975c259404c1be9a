# A script as people write them: the loop lives in train(), main() builds everything with the learning rate as a
# default argument, the main guard calls it, and a held-out evaluation prints test accuracy after training.
import torch
import torch.nn as nn
import torch.nn.functional as F


def make_data(n):
    x = torch.randn(n, 4)
    y = (x[:, 0] + 0.5 * x[:, 1] - x[:, 2] > 0).long()
    return x, y


def train(model, optimizer, x, y, epochs):
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if epoch % 25 == 0:
            print(f"epoch {epoch}: loss {loss.item():.4f}")


def evaluate(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def main(lr=0.1, epochs=100):
    torch.manual_seed(3)
    x_train, y_train = make_data(200)
    x_test, y_test = make_data(100)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    train(model, optimizer, x_train, y_train, epochs)
    print(f"test accuracy: {evaluate(model, x_test, y_test):.3f}")


if __name__ == "__main__":
    main()
