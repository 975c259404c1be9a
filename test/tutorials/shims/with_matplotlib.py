# A tutorial ending in matplotlib plots: Loss Lens ignores the plotting (it charts the run itself).
import torch
import matplotlib.pyplot as plt
import matplotlib
w = torch.tensor([2.0], requires_grad=True)
losses = []
for i in range(5):
    loss = (w ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
    losses.append(loss.item())
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(losses, label="loss")
ax.set_yscale("log")
plt.xlabel("step"); plt.legend(); plt.tight_layout()
plt.show()
print(len(losses))
