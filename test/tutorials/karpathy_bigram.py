import torch
import torch.nn.functional as F

g = torch.Generator().manual_seed(2147483647)
xs = torch.randint(0, 27, (100,), generator=g)
ys = torch.randint(0, 27, (100,), generator=g)
num = xs.nelement()
W = torch.randn((27, 27), generator=g, requires_grad=True)

for k in range(30):
    xenc = F.one_hot(xs, num_classes=27).float()
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W ** 2).mean()
    if k % 10 == 0:
        print(loss.item())
    W.grad = None
    loss.backward()
    W.data += -50 * W.grad
