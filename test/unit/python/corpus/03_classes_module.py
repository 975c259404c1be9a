class Module:
    def __init__(self):
        object.__setattr__(self, '_modules', {})
        object.__setattr__(self, '_parameters', {})
        self.training = True

    def __setattr__(self, name, value):
        if isinstance(value, Module):
            self._modules[name] = value
        elif isinstance(value, Param):
            self._parameters[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        if name in self._modules:
            return self._modules[name]
        if name in self._parameters:
            return self._parameters[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def named_parameters(self, prefix=''):
        out = []
        for n, p in self._parameters.items():
            out.append((prefix + n, p))
        for mn, m in self._modules.items():
            out.extend(m.named_parameters(prefix + mn + '.'))
        return out

    def parameters(self):
        return [p for _, p in self.named_parameters()]

class Param:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return 'Param(%r)' % (self.v,)

class Linear(Module):
    def __init__(self, a, b):
        super().__init__()
        self.weight = Param([a, b])
        self.bias = Param(b)
    def forward(self, x):
        return x * self.bias.v

class Sequential(Module):
    def __init__(self, *mods):
        super().__init__()
        for i, m in enumerate(mods):
            setattr(self, str(i), m)
    def __getitem__(self, i):
        return self._modules[str(i)]
    def __len__(self):
        return len(self._modules)
    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x

class Net(Module):
    def __init__(self):
        super().__init__()
        self.seq = Sequential(Linear(2, 3), Linear(3, 4))
        self.scale = 2.0
    def forward(self, x):
        return self.seq(x) * self.scale

net = Net()
print(net(1), len(net.seq), net.seq[1].weight, net.scale, net.training)
print([n for n, p in net.named_parameters()])
print('scale' in net.__dict__, sorted(net.__dict__.keys()))
try:
    net.missing
except AttributeError as e:
    print('AttributeError:', e)

class P:
    def __init__(self):
        self._x = 1
    @property
    def x(self):
        return self._x * 10
    @x.setter
    def x(self, v):
        self._x = v
    @staticmethod
    def s(a):
        return a + 1
    @classmethod
    def c(cls, a):
        return cls.__name__ + str(a)
p = P(); p.x = 5
print(p.x, P.s(1), p.s(2), P.c(3), p.c(4))

class Ctx:
    def __enter__(self):
        print('enter'); return self
    def __exit__(self, t, v, tb):
        print('exit', t.__name__ if t else None, v)
        return True
with Ctx() as c:
    raise ValueError('boom')
print('after')

class MyErr(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise MyErr('bad', 3)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args, repr(e))

def deco(f):
    def wrapper(*a, **k):
        print('calling', f.__name__)
        return f(*a, **k)
    return wrapper
@deco
def add(a, b=1):
    return a + b
print(add(1, b=5))

class V:
    def __init__(self, *xs): self.xs = list(xs)
    def __len__(self): return len(self.xs)
    def __getitem__(self, i): return self.xs[i]
    def __iter__(self): return iter(self.xs)
    def __eq__(self, o): return isinstance(o, V) and self.xs == o.xs
    def __lt__(self, o): return self.xs < o.xs
    def __str__(self): return 'V' + str(self.xs)
    def __mul__(self, k): return V(*[x * k for x in self.xs])
    def __rmul__(self, k): return self * k
    def __neg__(self): return V(*[-x for x in self.xs])
    def __contains__(self, x): return x in self.xs
    def __bool__(self): return len(self.xs) > 0
    def __call__(self, y): return sum(self.xs) + y
v = V(1, 2, 3)
print(str(v), len(v), v[1], list(v), v == V(1, 2, 3), v != V(1), 3 * v, -v, 2 in v, bool(V()), v(10), [str(w) for w in sorted([V(3), V(1)])])
print(V(1) < V(2), max(V(1), V(5)))
x = [1, 2, 3, 4, 5, 6]
print(x[::2], x[::-1], x[1:-1], x[-2:], x[10:], 'hello'[1:4], 'hello'[::-1])
x[1:3] = [9]; print(x); del x[0]; print(x)
m = [[0] * 3 for _ in range(2)]; m[1][2] = 5; print(m)
d = {}; d.setdefault('a', []).append(1); d['b'] = 2; print(d, d.get('c', 'none'), list(d), d.pop('b'), d)
t = (1, 2) + (3,); print(t, t.index(2), t.count(1), tuple([1]), ())
print(' a b  c '.split(), 'a,b,c'.split(','), '-'.join(['x', 'y']), 'abc'.upper(), '  s '.strip(), 'ab'.replace('a', 'z'), 'x'.startswith('x'))
print(hasattr(p, 'x'), getattr(p, 'nope', 42), type(3) is int, type(p).__name__)
g = 10
def setg():
    global g
    g = 20
setg(); print(g)
i = 0
while True:
    i += 1
    if i > 5:
        break
print(i, [j for j in range(3) if j != 1], {j % 2 for j in range(5)}, any(j > 3 for j in range(5)), all([]))
print(divmod(-7, 2), -7 // 2.0, 7 % -3, 2 ** 100, int(3.9), int(-3.9), float(2), 1_000_000, 0x1f, 5 / 2, True + True)
assert 1 == 1
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print('assert:', e)
try:
    [][0]
except IndexError as e:
    print(e)
try:
    {}['k']
except KeyError as e:
    print('KeyError', e)
try:
    int('x')
except ValueError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    raise NotImplementedError
except RuntimeError as e:
    print('NIE is RuntimeError', type(e).__name__)
