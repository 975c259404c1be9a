"""lambda_max of the loss Hessian by Lanczos on exact Hessian-vector products."""
import math


def _tridiagonal_max(alpha, beta, torch):
    """Largest eigenvalue of the Lanczos tridiagonal matrix and the last component of its eigenvector."""
    t = torch.diag(torch.tensor(alpha, dtype=torch.float64))
    if beta:
        off = torch.tensor(beta, dtype=torch.float64)
        t = t + torch.diag(off, 1) + torch.diag(off, -1)
    eigh = getattr(getattr(torch, 'linalg', None), 'eigh', None)
    evals, evecs = eigh(t) if eigh is not None else torch.symeig(t, eigenvectors=True)  # torch < 1.8
    return float(evals[-1]), float(evecs[-1, -1])


def lanczos_max(loss, params, iters, tol, torch):
    """The largest (algebraic) eigenvalue of the loss Hessian at the current parameters: Lanczos in float64 with full
    reorthogonalisation on exact (double-backward) Hessian-vector products, from a fixed start vector independent of
    the program's generator. Stops when the Ritz residual beta_k |y_k| is at most tol * |theta|. Unlike power
    iteration it cannot land on a negative eigenvalue of larger magnitude (GAN discriminators and BatchNorm nets at
    init have them)."""
    ps = [p for _, p in params]
    grads = torch.autograd.grad(loss, ps, create_graph=True, allow_unused=True)
    pairs = [(i, g) for i, g in enumerate(grads) if g is not None and g.requires_grad]
    if not pairs:
        return 0.0, 0, True
    sizes = [p.numel() for p in ps]
    n = sum(sizes)

    def hvp(vec):
        parts = [c.view(p.shape).to(device=p.device, dtype=p.dtype) for c, p in zip(torch.split(vec, sizes), ps)]
        hv = torch.autograd.grad([g for _, g in pairs], ps, grad_outputs=[parts[i] for i, _ in pairs],
                                 retain_graph=True, allow_unused=True)
        return torch.cat([(h if h is not None else torch.zeros_like(p)).reshape(-1).double().cpu() for h, p in zip(hv, ps)])

    gen = torch.Generator().manual_seed(0)
    v = torch.randn(n, generator=gen, dtype=torch.float64)
    v = v / v.norm()
    basis, alpha, beta = [], [], []
    theta, it, converged = 0.0, 0, False
    for it in range(1, min(iters, n) + 1):
        basis.append(v)
        w = hvp(v)
        alpha.append(float(w @ v))
        for _ in range(2):  # "twice is enough"
            for q in basis:
                w -= (w @ q) * q
        b = float(w.norm())
        theta, last = _tridiagonal_max(alpha, beta, torch)
        if not math.isfinite(theta):
            break
        if b * abs(last) <= tol * abs(theta) or b <= 1e-12 * abs(alpha[-1]) or it == n:
            converged = True
            break
        beta.append(b)
        v = w / b
    return theta, it, converged
