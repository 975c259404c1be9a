// A tiny training loop run once when a worker starts, before it reports ready: the first run in a fresh worker
// pays for JIT compilation, wasm kernel set-up and the torch prelude (≈ 1 s on the seed snippet, measured), a
// second run does not (≈ 0.1 s to the first point). It touches what tutorial snippets use: randn, mm, clamp,
// pow/sum, nn.Linear/ReLU/Sequential, MSELoss, SGD, no_grad in-place updates, grad.zero_().
import type { Emit, RunOptions } from '../run/runner';

export const WARMUP_SOURCE = `import torch
torch.manual_seed(0)
x = torch.randn(64, 100)
w = torch.randn(100, 20, requires_grad=True)
model = torch.nn.Sequential(torch.nn.Linear(100, 20), torch.nn.ReLU(), torch.nn.Linear(20, 20))
loss_fn = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
for t in range(2):
    y = x.mm(w).clamp(min=0)
    loss = (y - model(x)).pow(2).sum() + loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        w -= 1e-3 * w.grad
        w.grad.zero_()
`;

/** Runs the warm-up; never throws (a snippet feature the engine lacks must not keep the worker from starting). */
export async function warmUp(run: (opts: RunOptions, emit: Emit) => Promise<unknown>, backend: RunOptions['backend']): Promise<void> {
  try {
    await run({ source: WARMUP_SOURCE, seed: 0, backend }, () => undefined);
  } catch {
    // ignored: the first real run will report whatever is wrong
  }
}
