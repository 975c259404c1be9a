# Tensor plumbing inside a training loop: stack, cat, view, permute, transpose, slicing, boolean masks
# (read and masked loss), keepdim reductions, eye/ones/zeros/arange, exp/log/abs/sqrt, and a leaf weight tensor.
import torch

B, C, L = 8, 3, 5
frames = [torch.randn(C, L) for _ in range(B)]
batch = torch.stack(frames)                      # (B, C, L)
feats = batch.permute(0, 2, 1).reshape(B * L, C)  # (B*L, C)
extra = torch.arange(B * L, dtype=torch.float).view(-1, 1) / (B * L)
inputs = torch.cat([feats, extra, torch.ones(B * L, 1)], dim=1)  # (B*L, C+2)
target = (feats[:, 0] - 0.5 * feats[:, 1]).unsqueeze(1)
mask = feats[:, 2] > -0.5                        # only some rows count

W = torch.zeros(C + 2, 1).normal_(0, 0.1).requires_grad_(True)
scale = (torch.eye(C + 2) * 0.5).sum(dim=0, keepdim=True).t()
learning_rate = 0.05
for t in range(200):
    pred = inputs @ (W * scale * 2)
    err = (pred - target)[mask]
    loss = (err ** 2).mean() + 1e-3 * torch.sqrt((W ** 2).sum() + 1e-8)
    loss.backward()
    with torch.no_grad():
        W -= learning_rate * W.grad
        W.grad.zero_()
    if t == 199:
        print("masked rows:", int(mask.sum().item()), "max |err|:", round(err.abs().max().item(), 4))
