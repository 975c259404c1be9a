"""lambda_max of the loss Hessian by power iteration on exact Hessian-vector products."""
import math

def power_iteration(loss, params, iters, tol, torch):
    """lambda_max of the loss Hessian at the current parameters: power iteration on exact Hessian-vector
    products (double backward), from a fixed start vector independent of the program's generator."""
    ps = [p for _, p in params]
    grads = torch.autograd.grad(loss, ps, create_graph=True, allow_unused=True)
    pairs = [(i, g) for i, g in enumerate(grads) if g is not None and g.requires_grad]
    if not pairs:
        return 0.0, 0, True
    gen = torch.Generator().manual_seed(0)
    v = [torch.randn(p.shape, generator=gen, dtype=p.dtype).to(p.device) for p in ps]
    nv = math.sqrt(sum(float((x.double() ** 2).sum()) for x in v))
    v = [x / nv for x in v]
    lam_prev, lam, it, converged = None, 0.0, 0, False
    for it in range(1, iters + 1):
        hv = torch.autograd.grad([g for _, g in pairs], ps, grad_outputs=[v[i] for i, _ in pairs],
                                 retain_graph=True, allow_unused=True)
        hv = [h if h is not None else torch.zeros_like(p) for h, p in zip(hv, ps)]
        lam = sum(float((a.double() * b.double()).sum()) for a, b in zip(v, hv))
        nh = math.sqrt(sum(float((h.double() ** 2).sum()) for h in hv))
        if nh == 0 or not math.isfinite(nh):
            break
        v = [(h.double() / nh).to(p.dtype) for h, p in zip(hv, ps)]
        if lam_prev is not None and abs(lam - lam_prev) < tol * abs(lam):
            converged = True
            break
        lam_prev = lam
    return lam, it, converged
