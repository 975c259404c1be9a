# The same program as with_tqdm.py with tqdm replaced by an identity shim: what real PyTorch prints for it.
import torch
class tqdm:
    def __init__(self, it=None, total=None, **k): self.it = it; self.n = 0
    def __iter__(self): return iter(self.it)
    def set_postfix(self, **k): pass
    def set_description(self, *a): pass
    def update(self, n=1): self.n += n
    def __enter__(self): return self
    def __exit__(self, *a): return False
    write = staticmethod(print)
def trange(n, **k): return range(n)
class tq: pass
tq.tqdm = tqdm
tq.write = print
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
