import torch

w = torch.randn(3, requires_grad=True)
batches = []
total = 0.0
for b in batches:
    total += b
avg = total / len(batches)
print(avg)
