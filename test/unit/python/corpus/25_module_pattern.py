class Parameter:
    def __init__(self, data, requires_grad=True):
        self.data = data
        self.requires_grad = requires_grad
        self.grad = None
    def __repr__(self):
        return f'Parameter({self.data})'

class Module:
    def __init__(self):
        object.__setattr__(self, '_parameters', {})
        object.__setattr__(self, '_modules', {})
        object.__setattr__(self, 'training', True)
    def __setattr__(self, name, value):
        params = self.__dict__.get('_parameters')
        if isinstance(value, Parameter):
            params[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        else:
            object.__setattr__(self, name, value)
    def __getattr__(self, name):
        if name in self.__dict__['_parameters']:
            return self.__dict__['_parameters'][name]
        if name in self.__dict__['_modules']:
            return self.__dict__['_modules'][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        else:
            object.__delattr__(self, name)
    def named_parameters(self, prefix=''):
        for n, p in self._parameters.items():
            yield_list = None
        out = [(prefix + n, p) for n, p in self._parameters.items()]
        for mn, m in self._modules.items():
            out += m.named_parameters(prefix + mn + '.')
        return out
    def parameters(self):
        return [p for _, p in self.named_parameters()]
    def zero_grad(self):
        for p in self.parameters():
            p.grad = None
    def train(self, mode=True):
        self.training = mode
        for m in self._modules.values():
            m.train(mode)
        return self
    def eval(self):
        return self.train(False)
    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)
    def __repr__(self):
        lines = [type(self).__name__ + '(']
        for n, m in self._modules.items():
            lines.append(f'  ({n}): {m!r}')
        lines.append(')')
        return '\n'.join(lines) if self._modules else type(self).__name__ + '()'

class Linear(Module):
    def __init__(self, fan_in, fan_out, bias=True):
        super().__init__()
        self.weight = Parameter([[0.1] * fan_in for _ in range(fan_out)])
        if bias:
            self.bias = Parameter([0.0] * fan_out)
        self.fan_in = fan_in
    def forward(self, x):
        out = [sum(w * xi for w, xi in zip(row, x)) for row in self.weight.data]
        if 'bias' in self._parameters:
            out = [o + b for o, b in zip(out, self.bias.data)]
        return out

class ReLU(Module):
    def forward(self, x):
        return [max(0.0, v) for v in x]

class Sequential(Module):
    def __init__(self, *layers):
        super().__init__()
        for i, layer in enumerate(layers):
            setattr(self, str(i), layer)
    def __getitem__(self, i):
        return list(self._modules.values())[i]
    def __len__(self):
        return len(self._modules)
    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x

model = Sequential(Linear(3, 2), ReLU(), Linear(2, 1, bias=False))
print(model)
print([n for n, _ in model.named_parameters()])
print(model([1.0, 2.0, 3.0]), len(model), type(model[1]).__name__)
model.eval(); print(model.training, model[0].training)
model[0].weight.grad = 1; model.zero_grad(); print(model[0].weight.grad)
print(model[0].fan_in, 'fan_in' in model[0].__dict__, 'weight' in model[0].__dict__)
del model[0].bias
print([n for n, _ in model.named_parameters()])
try:
    model.nothing
except AttributeError as e:
    print(e)
