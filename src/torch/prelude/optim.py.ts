// torch.optim in Python, following PyTorch's single-tensor update code (torch/optim/{sgd,adam,adamw,rmsprop,
// adagrad}.py) op for op, so float32 rounding matches. Defaults are PyTorch 2.x's (SGD lr defaults to 1e-3; 1.13
// required it). Scalars (bias corrections, step sizes) are computed in double like PyTorch's Python code.
export const OPTIM_PY = String.raw`
import copy
import math
import torch

# The engine's fused updates; absent when this module runs on real PyTorch (the prelude's CPython check): every
# update then takes the op-by-op path, which computes the same float32 values.
_native = getattr(torch, '_native', None)


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        self.param_groups = []
        if torch.is_tensor(params):
            raise TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got ' + torch.typename(params))
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError('optimizer got an empty parameter list')
        if not isinstance(param_groups[0], dict):
            param_groups = [{'params': param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        params = param_group['params']
        param_group['params'] = [params] if torch.is_tensor(params) else list(params)
        for p in param_group['params']:
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if name not in param_group:
                param_group[name] = default
        self.param_groups.append(param_group)

    def _state(self, p):
        s = self.state.get(p)
        if s is None:
            s = {}
            self.state[p] = s
        return s

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group['params']:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.zero_()

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        with torch.no_grad():
            for group in self.param_groups:
                for p in group['params']:
                    grad = p.grad
                    if grad is not None:
                        if group['maximize']:
                            grad = -grad
                        # self._state(p), inlined: this loop runs for every parameter of every step.
                        state = self.state.get(p)
                        if state is None:
                            state = {}
                            self.state[p] = state
                        self._update(p, grad, group, state)
        return loss

    def state_dict(self):
        # PyTorch's packed form: parameters become their index in group order, so a checkpoint can be loaded
        # into a new optimizer over other (equally shaped) parameters.
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != 'params'}
            ids = []
            for p in group['params']:
                if id(p) not in index:
                    index[id(p)] = len(index)
                ids.append(index[id(p)])
            packed['params'] = ids
            groups.append(packed)
        state = {}
        for group in self.param_groups:
            for p in group['params']:
                if p in self.state:
                    state[index[id(p)]] = self.state[p]
        return {'state': state, 'param_groups': groups}

    def load_state_dict(self, state_dict):
        state_dict = copy.deepcopy(state_dict)
        saved_groups = state_dict['param_groups']
        if len(self.param_groups) != len(saved_groups):
            raise ValueError('loaded state dict has a different number of parameter groups')
        for g, sg in zip(self.param_groups, saved_groups):
            if len(g['params']) != len(sg['params']):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        id_map = {}
        for g, sg in zip(self.param_groups, saved_groups):
            for old_id, p in zip(sg['params'], g['params']):
                id_map[old_id] = p
        state = {}
        for k, v in state_dict['state'].items():
            if k in id_map:
                state[id_map[k]] = v
        new_groups = []
        for g, sg in zip(self.param_groups, saved_groups):
            ng = dict(sg)
            ng['params'] = g['params']
            new_groups.append(ng)
        self.state = state
        self.param_groups = new_groups

    def __repr__(self):
        s = type(self).__name__ + ' ('
        for i, group in enumerate(self.param_groups):
            s += '\n' + f'Parameter Group {i}' + '\n'
            for key in sorted(group.keys()):
                if key != 'params':
                    s += f'    {key}: {group[key]}' + '\n'
        return s + ')'


def _check(ok, message):
    if not ok:
        raise ValueError(message)


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False):
        _check(lr >= 0.0, f'Invalid learning rate: {lr}')
        _check(momentum >= 0.0, f'Invalid momentum value: {momentum}')
        _check(weight_decay >= 0.0, f'Invalid weight_decay value: {weight_decay}')
        _check(not nesterov or (momentum > 0 and dampening == 0), 'Nesterov momentum requires a momentum and zero dampening')
        super().__init__(params, {'lr': lr, 'momentum': momentum, 'dampening': dampening,
                                  'weight_decay': weight_decay, 'nesterov': nesterov, 'maximize': maximize,
                                  'foreach': foreach, 'differentiable': differentiable})

    def _update(self, p, grad, group, state):
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        momentum = group['momentum']
        if momentum != 0:
            buf = state.get('momentum_buffer')
            if buf is None:
                buf = torch.clone(grad).detach()
                state['momentum_buffer'] = buf
            elif _native is not None and _native.sgd_step(p, grad, buf, group['lr'], momentum, group['dampening'], group['nesterov']):
                return  # the three lines below in one host pass (same float32 values)
            else:
                buf.mul_(momentum).add_(grad, alpha=1 - group['dampening'])
            grad = grad.add(buf, alpha=momentum) if group['nesterov'] else buf
        p.add_(grad, alpha=-group['lr'])


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None):
        _check(lr >= 0.0, f'Invalid learning rate: {lr}')
        _check(eps >= 0.0, f'Invalid epsilon value: {eps}')
        _check(0.0 <= betas[0] < 1.0, f'Invalid beta parameter at index 0: {betas[0]}')
        _check(0.0 <= betas[1] < 1.0, f'Invalid beta parameter at index 1: {betas[1]}')
        _check(weight_decay >= 0.0, f'Invalid weight_decay value: {weight_decay}')
        super().__init__(params, {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                                  'amsgrad': amsgrad, 'maximize': maximize, 'foreach': foreach,
                                  'capturable': capturable, 'differentiable': differentiable, 'fused': fused})

    def _decay(self, p, grad, group):
        if group['weight_decay'] != 0:
            return grad.add(p, alpha=group['weight_decay'])
        return grad

    def _update(self, p, grad, group, state):
        if len(state) == 0:
            state['step'] = 0
            state['exp_avg'] = torch.zeros_like(p)
            state['exp_avg_sq'] = torch.zeros_like(p)
            if group['amsgrad']:
                state['max_exp_avg_sq'] = torch.zeros_like(p)
        grad = self._decay(p, grad, group)
        beta1, beta2 = group['betas']
        state['step'] += 1
        step = state['step']
        exp_avg = state['exp_avg']
        exp_avg_sq = state['exp_avg_sq']
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        step_size = group['lr'] / bias_correction1
        bias_correction2_sqrt = math.sqrt(bias_correction2)
        # The update below (without amsgrad) in one host pass with the same float32 values, when the tensors allow.
        if not group['amsgrad'] and _native is not None and _native.adam_step(p, grad, exp_avg, exp_avg_sq, beta1, beta2,
                                                                                bias_correction2_sqrt, group['eps'], step_size):
            return
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        if group['amsgrad']:
            state['max_exp_avg_sq'] = torch.maximum(state['max_exp_avg_sq'], exp_avg_sq)
            denom = (state['max_exp_avg_sq'].sqrt() / bias_correction2_sqrt).add_(group['eps'])
        else:
            denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(group['eps'])
        p.addcdiv_(exp_avg, denom, value=-step_size)


class AdamW(Adam):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused)

    def _decay(self, p, grad, group):
        # Decoupled weight decay: shrink the weights, leave the gradient alone.
        p.mul_(1 - group['lr'] * group['weight_decay'])
        return grad


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, *,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        _check(lr >= 0.0, f'Invalid learning rate: {lr}')
        _check(eps >= 0.0, f'Invalid epsilon value: {eps}')
        _check(momentum >= 0.0, f'Invalid momentum value: {momentum}')
        _check(weight_decay >= 0.0, f'Invalid weight_decay value: {weight_decay}')
        _check(alpha >= 0.0, f'Invalid alpha value: {alpha}')
        super().__init__(params, {'lr': lr, 'alpha': alpha, 'eps': eps, 'weight_decay': weight_decay,
                                  'momentum': momentum, 'centered': centered, 'capturable': capturable,
                                  'foreach': foreach, 'maximize': maximize, 'differentiable': differentiable})

    def _update(self, p, grad, group, state):
        if len(state) == 0:
            state['step'] = 0
            state['square_avg'] = torch.zeros_like(p)
            if group['momentum'] > 0:
                state['momentum_buffer'] = torch.zeros_like(p)
            if group['centered']:
                state['grad_avg'] = torch.zeros_like(p)
        state['step'] += 1
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        alpha = group['alpha']
        square_avg = state['square_avg']
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group['centered']:
            grad_avg = state['grad_avg']
            grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt()
        else:
            avg = square_avg.sqrt()
        avg = avg.add_(group['eps'])
        if group['momentum'] > 0:
            buf = state['momentum_buffer']
            buf.mul_(group['momentum']).addcdiv_(grad, avg)
            p.add_(buf, alpha=-group['lr'])
        else:
            p.addcdiv_(grad, avg, value=-group['lr'])


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False):
        _check(lr >= 0.0, f'Invalid learning rate: {lr}')
        _check(lr_decay >= 0.0, f'Invalid lr_decay value: {lr_decay}')
        _check(weight_decay >= 0.0, f'Invalid weight_decay value: {weight_decay}')
        _check(initial_accumulator_value >= 0.0, f'Invalid initial_accumulator_value value: {initial_accumulator_value}')
        _check(eps >= 0.0, f'Invalid epsilon value: {eps}')
        super().__init__(params, {'lr': lr, 'lr_decay': lr_decay, 'eps': eps, 'weight_decay': weight_decay,
                                  'initial_accumulator_value': initial_accumulator_value, 'foreach': foreach,
                                  'maximize': maximize, 'differentiable': differentiable})
        # Adagrad creates its state eagerly, in the constructor.
        for group in self.param_groups:
            for p in group['params']:
                state = self._state(p)
                state['step'] = 0
                state['sum'] = torch.full_like(p, group['initial_accumulator_value'])

    def _update(self, p, grad, group, state):
        state['step'] += 1
        step = state['step']
        if group['weight_decay'] != 0:
            grad = grad.add(p, alpha=group['weight_decay'])
        clr = group['lr'] / (1 + (step - 1) * group['lr_decay'])
        state['sum'].addcmul_(grad, grad, value=1)
        std = state['sum'].sqrt().add_(group['eps'])
        p.addcdiv_(grad, std, value=-clr)
`;
