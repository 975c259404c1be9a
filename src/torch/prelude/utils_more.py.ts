// More of torch.nn.utils (appended to NN_UTILS_PY): weight_norm / remove_weight_norm as PyTorch 1.13's
// WeightNorm: the parameter is replaced by name_g (its norm over every dim but dim) and name_v (its value),
// and name is recomputed as v · g / ‖v‖ before every forward. Module has no hook list here, so the recompute
// wraps the instance's forward (the same order: weight first, then the module's own forward).
export const NN_UTILS_MORE_PY = String.raw`

def _norm_except_dim(v, pow, dim):
    if dim == -1:
        return v.norm(pow)
    if dim == 0:
        return v.reshape(v.size(0), -1).norm(p=pow, dim=1).reshape([v.size(0)] + [1] * (v.dim() - 1))
    if dim == v.dim() - 1:
        return v.reshape(-1, v.size(-1)).norm(p=pow, dim=0).reshape([1] * (v.dim() - 1) + [v.size(-1)])
    return _norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


class WeightNorm:
    def __init__(self, name, dim):
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module):
        g = getattr(module, self.name + '_g')
        v = getattr(module, self.name + '_v')
        return v * (g / _norm_except_dim(v, 2, self.dim))

    @staticmethod
    def apply(module, name, dim):
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        del module._parameters[name]
        module.register_parameter(name + '_g', torch.nn.Parameter(_norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + '_v', torch.nn.Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        inner = module.forward

        def forward(*args, **kwargs):
            setattr(module, fn.name, fn.compute_weight(module))
            return inner(*args, **kwargs)
        object.__setattr__(module, 'forward', forward)
        object.__setattr__(module, '_weight_norm_' + name, (fn, inner))
        return fn


def weight_norm(module, name='weight', dim=0):
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name='weight'):
    key = '_weight_norm_' + name
    if key not in module.__dict__:
        raise ValueError("weight_norm of '{}' not found in {}".format(name, module))
    fn, inner = module.__dict__[key]
    weight = fn.compute_weight(module)
    delattr(module, name)
    del module._parameters[name + '_g']
    del module._parameters[name + '_v']
    setattr(module, name, torch.nn.Parameter(weight.data))
    del module.__dict__[key]
    del module.__dict__['forward']
    return module
`;
