// Adamax, NAdam and RAdam, following PyTorch 1.13's single-tensor code op for op (float32 rounding matches),
// with `maximize` as in PyTorch 2.x. Appended to OPTIM_PY (Optimizer, _check and math in scope).
export const OPTIM_MORE_PY = String.raw`

def _check_adam_args(lr, betas, eps, weight_decay):
    _check(0.0 <= lr, f'Invalid learning rate: {lr}')
    _check(0.0 <= eps, f'Invalid epsilon value: {eps}')
    _check(0.0 <= betas[0] < 1.0, f'Invalid beta parameter at index 0: {betas[0]}')
    _check(0.0 <= betas[1] < 1.0, f'Invalid beta parameter at index 1: {betas[1]}')
    _check(0.0 <= weight_decay, f'Invalid weight_decay value: {weight_decay}')


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False):
        _check_adam_args(lr, betas, eps, weight_decay)
        super().__init__(params, {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                                  'foreach': foreach, 'maximize': maximize, 'differentiable': differentiable})

    def _update(self, p, grad, group, state):
        if len(state) == 0:
            state['step'] = torch.tensor(0.)
            state['exp_avg'] = torch.zeros_like(p)
            state['exp_inf'] = torch.zeros_like(p)
        beta1, beta2 = group['betas']
        state['step'] += 1
        step = state['step'].item()
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        exp_avg = state['exp_avg']
        exp_inf = state['exp_inf']
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        # The exponentially weighted infinity norm: max(β2·u, |g| + ε), elementwise.
        exp_inf.copy_(torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(group['eps'])))
        clr = group['lr'] / (1 - beta1 ** step)
        p.addcdiv_(exp_avg, exp_inf, value=-clr)


class NAdam(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 foreach=None, *, maximize=False, differentiable=False):
        _check_adam_args(lr, betas, eps, weight_decay)
        _check(0.0 <= momentum_decay, f'Invalid momentum_decay value: {momentum_decay}')
        super().__init__(params, {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                                  'momentum_decay': momentum_decay, 'foreach': foreach, 'maximize': maximize,
                                  'differentiable': differentiable})

    def _update(self, p, grad, group, state):
        if len(state) == 0:
            state['step'] = torch.tensor(0.)
            # A float32 tensor as in PyTorch: the running product rounds to float32 at every step.
            state['mu_product'] = torch.tensor(1.)
            state['exp_avg'] = torch.zeros_like(p)
            state['exp_avg_sq'] = torch.zeros_like(p)
        beta1, beta2 = group['betas']
        lr, momentum_decay = group['lr'], group['momentum_decay']
        state['step'] += 1
        step = state['step'].item()
        bias_correction2 = 1 - beta2 ** step
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product = state['mu_product']
        mu_product *= mu
        mu_product_next = mu_product * mu * mu_next
        exp_avg = state['exp_avg']
        exp_avg_sq = state['exp_avg_sq']
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(group['eps'])
        p.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
        p.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False):
        _check_adam_args(lr, betas, eps, weight_decay)
        super().__init__(params, {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                                  'foreach': foreach, 'maximize': maximize, 'differentiable': differentiable})

    def _update(self, p, grad, group, state):
        if len(state) == 0:
            state['step'] = torch.tensor(0.)
            state['exp_avg'] = torch.zeros_like(p)
            state['exp_avg_sq'] = torch.zeros_like(p)
        beta1, beta2 = group['betas']
        lr = group['lr']
        state['step'] += 1
        step = state['step'].item()
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        exp_avg = state['exp_avg']
        exp_avg_sq = state['exp_avg_sq']
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_corrected_exp_avg = exp_avg / bias_correction1
        # The length of the approximated simple moving average, and its limit.
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive_lr = math.sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(group['eps'])
            p.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
        else:
            p.add_(bias_corrected_exp_avg * lr, alpha=-1.0)
`;
