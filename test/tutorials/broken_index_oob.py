import torch

data = torch.randn(10, 4)
labels = torch.randint(0, 2, (10,))
total = 0.0
for i in range(11):
    total += data[i].sum().item() * labels[i].item()
print(total)
