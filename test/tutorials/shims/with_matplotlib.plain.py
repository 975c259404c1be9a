# with_matplotlib.py without the plotting lines: what real PyTorch prints for the program.
import torch
w = torch.tensor([2.0], requires_grad=True)
losses = []
for i in range(5):
    loss = (w ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
    losses.append(loss.item())
print(len(losses))
