# tqdm in a training loop: Loss Lens treats it as the identity (its bars go to stderr).
import torch
from tqdm import tqdm
from tqdm.auto import trange
import tqdm as tq
w = torch.zeros(2, requires_grad=True)
data = [(torch.tensor([1.0, 2.0]), torch.tensor(3.0))] * 4
for epoch in trange(2, desc="epochs"):
    pbar = tqdm(data, total=len(data), leave=False)
    for x, y in pbar:
        loss = (x @ w - y) ** 2
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad
            w.grad.zero_()
        pbar.set_postfix(loss=loss.item())
        pbar.set_description(f"epoch {epoch}")
    print(epoch, round(loss.item(), 4))
with tq.tqdm(total=3) as bar:
    bar.update(2)
    print(bar.n)
tq.write("done")
