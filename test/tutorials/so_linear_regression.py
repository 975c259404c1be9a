# typical StackOverflow: "my linear regression loss doesn't decrease"
import torch
import torch.nn as nn

x_train = torch.tensor([[1.0], [2.0], [3.0], [4.0], [5.0]], dtype=torch.float32)
y_train = torch.tensor([[2.0], [4.0], [6.0], [8.0], [10.0]], dtype=torch.float32)


class LinearRegressionModel(nn.Module):
    def __init__(self, input_dim, output_dim):
        super(LinearRegressionModel, self).__init__()
        self.linear = nn.Linear(input_dim, output_dim)

    def forward(self, x):
        out = self.linear(x)
        return out


model = LinearRegressionModel(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

epochs = 100
for epoch in range(epochs):
    epoch += 1
    inputs = x_train.requires_grad_()
    labels = y_train
    optimizer.zero_grad()
    outputs = model(inputs)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
    if epoch % 25 == 0:
        print('epoch {}, loss {}'.format(epoch, loss.item()))

predicted = model(x_train).data.numpy()
print(model.linear.weight.item(), model.linear.bias.item())
